import { useState } from 'react';
import type { FiledTicket } from './public-api';

/** A copy button that says when it has copied (the clipboard may be refused: then nothing). */
function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="rp-link"
      aria-label={label}
      onClick={() =>
        navigator.clipboard?.writeText(text).then(
          () => setCopied(true),
          () => undefined,
        )
      }
    >
      {copied ? '已复制' : '复制'}
    </button>
  );
}

/** After 点单: the ticket number and, big and copyable, the code to follow it by. */
export function FiledResult({
  ticket,
  gridName,
  onAnother,
}: {
  ticket: FiledTicket;
  gridName: string;
  onAnother: () => void;
}) {
  return (
    <section className="rp-card rp-filed">
      <div className="rp-success-icon" aria-hidden>
        ✓
      </div>
      <h2 className="rp-filed-title">提交成功</h2>
      <p className="rp-help">您的诉求已提交至{gridName}，网格员会尽快接单办理。</p>
      <div className="rp-help">查询码</div>
      <div>
        <span data-testid="tracking-code" className="rp-code">
          {ticket.trackingCode}
        </span>
        <CopyButton text={ticket.trackingCode} label="复制查询码" />
      </div>
      <div style={{ fontSize: 15 }}>
        工单编号：<span data-testid="ticket-number">{ticket.number}</span>
        <CopyButton text={ticket.number} label="复制工单编号" />
      </div>
      <div className="rp-alert rp-alert-warning" style={{ margin: '16px 0', textAlign: 'left' }}>
        <strong>请截图或记下查询码</strong>
        <div>凭查询码可随时查询办理进度；办结后还可以对办理结果进行评价。</div>
      </div>
      <a href={`/t/${encodeURIComponent(ticket.trackingCode)}`} className="rp-button rp-primary rp-block">
        查看办理进度
      </a>
      <button type="button" className="rp-button rp-block" onClick={onAnother} style={{ marginTop: 12 }}>
        再提交一件
      </button>
    </section>
  );
}
