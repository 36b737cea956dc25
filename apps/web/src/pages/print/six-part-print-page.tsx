import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Skeleton } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { BATCH_MAX_TICKETS } from '@gridflow/domain/ticket-batch';
import { sixParts, type SixPart } from '@gridflow/domain/six-part-form';
import { api, errorText } from '../../api/client';
import { CHANNEL_LABEL, EVENT_LABEL, SATISFACTION_LABEL } from '../../api/labels';
import type { Grid, TicketDetail, TimelineEvent } from '../../api/types';
import { useConsoleConfig } from '../../components/console-config';
import { eventActorText, formatTime } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import { mapLimited } from '../batch/batch-api';
import { useCatalog } from '../field/use-catalog';
import { SIX_PART_CSS } from './six-part-styles';

const PART_NUMBER = ['第一联', '第二联', '第三联', '第四联', '第五联', '第六联'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Loaded = { id: string; ticket?: TicketDetail; error?: unknown };

/** The resident's tracking page for a ticket, where residents reach it (PUBLIC_BASE_URL, kept without a trailing slash). */
export const trackingLink = (base: string, trackingCode: string) => `${base}/t/${encodeURIComponent(trackingCode)}`;

/** /tickets/:id/print: one ticket's 六联单. */
export function TicketPrintPage() {
  const { id = '' } = useParams();
  return <SixPartPrint ids={[id]} />;
}

/** /tickets/print?ids=a,b,c: a selection from the desk, one ticket per page. */
export function TicketsPrintPage() {
  const [params] = useSearchParams();
  const ids = [
    ...new Set(
      (params.get('ids') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => UUID.test(s)),
    ),
  ].slice(0, BATCH_MAX_TICKETS);
  return <SixPartPrint ids={ids} />;
}

/** 打印六联单: A4 sheets with the six parts, the ticket's facts, signature lines and the tracking QR code. */
function SixPartPrint({ ids }: { ids: string[] }) {
  const navigate = useNavigate();
  const key = ids.join(',');
  const loaded = useApi(
    () =>
      mapLimited(ids, 4, (id) =>
        api.get<TicketDetail>(`/tickets/${id}`).then(
          (ticket): Loaded => ({ id, ticket }),
          (error): Loaded => ({ id, error }),
        ),
      ),
    [key],
  );
  const gridCodes = [...new Set((loaded.data ?? []).flatMap((l) => (l.ticket?.gridCode ? [l.ticket.gridCode] : [])))];
  const grids = useApi(
    () =>
      mapLimited(gridCodes, 4, (code) =>
        api.get<Grid>(`/grids/${encodeURIComponent(code)}`).then(
          (g) => [code, g.name] as const,
          () => [code, code] as const,
        ),
      ).then((pairs) => Object.fromEntries(pairs) as Record<string, string>),
    [gridCodes.join(',')],
  );
  const { catalog } = useCatalog();
  const config = useConsoleConfig();
  const base = config?.publicBaseUrl ?? window.location.origin;
  const tickets = (loaded.data ?? []).flatMap((l) => (l.ticket ? [l.ticket] : []));
  const failed = (loaded.data ?? []).filter((l) => l.error);
  const shown = !!loaded.data && !!config;
  // Ready to print once the grids' names are in too (the sheets stay on screen meanwhile).
  const ready = shown && gridCodes.every((code) => grids.data?.[code] !== undefined);

  return (
    <div className="six-part-page" data-ready={ready ? 'true' : 'false'}>
      <style>{SIX_PART_CSS}</style>
      <div className="six-part-toolbar six-part-noprint">
        <Button icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/'))}>
          返回
        </Button>
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          disabled={!ready || tickets.length === 0}
          onClick={() => window.print()}
        >
          打印
        </Button>
        <span style={{ color: 'rgba(0,0,0,0.55)' }}>
          {ids.length > 1 ? `共 ${tickets.length} 件，每件一页。` : ''}请使用 A4 纵向纸张打印，经办人在各联签字。
        </span>
      </div>
      {ids.length === 0 && (
        <Alert className="six-part-error six-part-noprint" type="warning" showIcon title="没有要打印的工单。" />
      )}
      {failed.map((f) => (
        <Alert
          key={f.id}
          className="six-part-error six-part-noprint"
          type="error"
          showIcon
          title={`工单 ${f.id} 无法打印：${errorText(f.error)}`}
        />
      ))}
      {!shown ? (
        <div className="six-part-sheet">
          <Skeleton active paragraph={{ rows: 16 }} />
        </div>
      ) : (
        <div data-testid="six-part-sheets" data-ready={ready ? 'true' : 'false'}>
          {tickets.map((t) => (
            <SixPartSheet
              key={t.id}
              ticket={t}
              itemName={catalog?.name(t.itemCode) ?? t.itemCode}
              gridName={t.gridCode ? (grids.data?.[t.gridCode] ?? t.gridCode) : null}
              link={trackingLink(base, t.trackingCode)}
            />
          ))}
        </div>
      )}
    </div>
  );
}

function SixPartSheet({
  ticket: t,
  itemName,
  gridName,
  link,
}: {
  ticket: TicketDetail;
  itemName: string;
  gridName: string | null;
  link: string;
}) {
  const parts = sixParts(t.timeline);
  const location = t.location
    ? (t.location.address ??
      (t.location.lng !== null && t.location.lat !== null ? `${t.location.lng}, ${t.location.lat}` : '—'))
    : '—';
  const reporter = [t.reporter?.name, t.reporter?.phone].filter(Boolean).join(' · ') || '—';
  return (
    <article className="six-part-sheet" aria-label={`六联单 ${t.number}`} data-ticket-id={t.id}>
      <header className="six-part-head">
        <div>
          <h1>网格化服务管理 · 六联单</h1>
          <div className="six-part-number">工单编号 {t.number}</div>
          <div>
            查询码 {t.trackingCode} · {CHANNEL_LABEL[t.channel ?? ''] ?? t.channel ?? '—'} · 点单时间{' '}
            {formatTime(t.createdAt)}
          </div>
        </div>
        <TrackingQr link={link} />
      </header>
      <table className="six-part-info">
        <tbody>
          <tr>
            <th>事项</th>
            <td>
              {itemName}（{t.itemCode}）
            </td>
            <th>网格</th>
            <td>{t.gridCode ? `${gridName ?? t.gridCode}（${t.gridCode}）` : '未定位'}</td>
          </tr>
          <tr>
            <th>位置</th>
            <td>{location}</td>
            <th>群众</th>
            <td>{reporter}</td>
          </tr>
          <tr>
            <th>诉求描述</th>
            <td colSpan={3}>
              <div className="six-part-description">{t.description}</div>
            </td>
          </tr>
        </tbody>
      </table>
      <div className="six-part-grid">
        {parts.map((part, i) => (
          <Part key={part.status} part={part} index={i} channel={t.channel} />
        ))}
      </div>
      <footer className="six-part-foot">
        <span>扫码或访问 {link} 查询办理进度</span>
        <span>打印时间 {formatTime(new Date().toISOString())}</span>
      </footer>
    </article>
  );
}

function contentText(part: SixPart<TimelineEvent>) {
  const e = part.event!;
  const words = [EVENT_LABEL[e.type] ?? e.type];
  if (e.comment) words.push(e.comment);
  const satisfaction = typeof e.data?.satisfaction === 'string' ? SATISFACTION_LABEL[e.data.satisfaction] : null;
  if (satisfaction) words.push(`群众${satisfaction}`);
  return words.join('：');
}

function Part({ part, index, channel }: { part: SixPart<TimelineEvent>; index: number; channel?: string }) {
  const e = part.event;
  return (
    <section className="six-part" data-step={part.status} data-reached={e ? 'true' : 'false'}>
      <h2>
        <span>
          {PART_NUMBER[index]} {part.title}
        </span>
        {!e && <small>未到此环节</small>}
      </h2>
      {e ? (
        <dl>
          <dt>经办人</dt>
          <dd data-testid="part-actor">{eventActorText(e, channel)}</dd>
          <dt>时间</dt>
          <dd>{formatTime(e.at)}</dd>
          <dt>内容</dt>
          <dd>{contentText(part)}</dd>
          {part.result && (
            <>
              <dt>办理结果</dt>
              <dd>
                {part.result.comment ?? '—'}（{formatTime(part.result.at)}）
              </dd>
            </>
          )}
        </dl>
      ) : (
        <div className="six-part-blank">
          <span />
          <span />
          <span />
        </div>
      )}
      <div className="six-part-sign">
        <span>经办人签字：</span>
        <span>日期：</span>
      </div>
    </section>
  );
}

/** The resident's tracking link as a QR code (the qrcode library, drawn in the browser). */
function TrackingQr({ link }: { link: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 1, width: 240 }).then(
      (url) => live && setSrc(url),
      () => live && setSrc(null),
    );
    return () => {
      live = false;
    };
  }, [link]);
  return (
    <div className="six-part-qr">
      {src ? <img src={src} alt="扫码查询办理进度" data-qr-link={link} /> : <div style={{ height: '28mm' }} />}
      扫码查进度
    </div>
  );
}
