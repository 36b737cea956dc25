import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Skeleton } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { GRID_TYPE_LABEL, WORKER_TYPE_LABEL } from '../../api/labels';
import { ErrorAlert } from '../../components/feedback';
import { useApi } from '../../components/use-api';
import { SIGN_BOARD_CSS } from './sign-board-styles';

interface SignBoard {
  grid: {
    code: string;
    name: string;
    type: string;
    households: number;
    population?: number;
    status?: string;
    communityCode?: string;
    communityName?: string | null;
    partyOrgName: string;
  };
  workers: { name: string; type: string; typeLabel?: string; phone: string }[];
  police: { kind: 'urban' | 'rural'; label: string; officer: { name: string; phone: string } } | null;
  requestUrl: string;
  qrSvg: string;
}

/** The API renders the QR code with the qrcode library; anything else is not put into the page. */
function safeSvg(svg: string | undefined): string | null {
  const text = svg?.trim() ?? '';
  if (!/^(<svg|<\?xml)/.test(text)) return null;
  if (/<script|<foreignObject|\son\w+\s*=|javascript:/i.test(text)) return null;
  return text;
}

/** 网格公示牌 (/sign-board/:gridCode): printed on A4 and posted in the grid; its QR code opens 群众点单. */
export function SignBoardPage() {
  const { gridCode = '' } = useParams();
  const navigate = useNavigate();
  const loaded = useApi(() => api.get<SignBoard>(`/grids/${encodeURIComponent(gridCode)}/sign-board`), [gridCode]);
  const board = loaded.data;

  return (
    <div className="sign-board-page">
      <style>{SIGN_BOARD_CSS}</style>
      <div className="sign-board-toolbar no-print">
        <Button icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/'))}>
          返回
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} disabled={!board} onClick={() => window.print()}>
          打印
        </Button>
        <span style={{ color: 'rgba(0,0,0,0.55)' }}>请使用 A4 纵向纸张打印，张贴于网格醒目位置。</span>
        {board?.grid.status === 'retired' && (
          <Alert type="warning" showIcon title="该网格已撤销，其公示牌不应再张贴。" style={{ width: '100%' }} />
        )}
      </div>
      {board ? (
        <BoardSheet board={board} />
      ) : loaded.loading ? (
        <div className="sign-board-sheet">
          <Skeleton active paragraph={{ rows: 14 }} />
        </div>
      ) : (
        <div className="sign-board-toolbar">
          <div style={{ width: '100%' }}>
            <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
          </div>
        </div>
      )}
    </div>
  );
}

function BoardSheet({ board }: { board: SignBoard }) {
  const { grid, workers, police } = board;
  const svg = safeSvg(board.qrSvg);
  return (
    <article className="sign-board-sheet" aria-label="网格公示牌" data-grid-code={grid.code}>
      <header className="sign-board-head">
        <div className="sign-board-kicker">网格公示牌</div>
        <div className="sign-board-name">{grid.name}</div>
        <div className="sign-board-code">网格编码 {grid.code}</div>
      </header>

      <section className="sign-board-section">
        <h2>网格概况</h2>
        <table className="sign-board-table">
          <tbody>
            <tr>
              <th>所属社区</th>
              <td>{grid.communityName ?? grid.communityCode ?? '—'}</td>
              <th>网格类型</th>
              <td>{GRID_TYPE_LABEL[grid.type] ?? grid.type}</td>
            </tr>
            <tr>
              <th>户数</th>
              <td>{grid.households} 户</td>
              <th>人口</th>
              <td>{grid.population !== undefined ? `${grid.population} 人` : '—'}</td>
            </tr>
            <tr>
              <th>网格党组织</th>
              <td colSpan={3}>{grid.partyOrgName}</td>
            </tr>
          </tbody>
        </table>
      </section>

      <section className="sign-board-section">
        <h2>网格力量</h2>
        {workers.length === 0 ? (
          <div>本网格暂未配备网格员，请联系社区。</div>
        ) : (
          <table className="sign-board-table">
            <thead>
              <tr>
                <th>姓名</th>
                <th>类型</th>
                <th>联系电话</th>
              </tr>
            </thead>
            <tbody>
              {workers.map((w) => (
                <tr key={`${w.name}-${w.phone}`}>
                  <td>{w.name}</td>
                  <td>{WORKER_TYPE_LABEL[w.type] ?? w.typeLabel ?? w.type}</td>
                  <td className="sign-board-phone">{w.phone}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="sign-board-section">
        <h2>警网融合</h2>
        {police ? (
          <table className="sign-board-table">
            <tbody>
              <tr>
                <th>组合模式</th>
                <td>
                  {police.kind === 'urban' ? '城市社区' : '农村'}“{police.label}”警网组合
                </td>
              </tr>
              <tr>
                <th>社区民警</th>
                <td>
                  {police.officer.name}{' '}
                  <span className="sign-board-phone" style={{ marginLeft: 8 }}>
                    {police.officer.phone}
                  </span>
                </td>
              </tr>
            </tbody>
          </table>
        ) : (
          <div>暂未配置警网组合。紧急情况请拨打 110。</div>
        )}
      </section>

      <section className="sign-board-qr-row">
        {svg ? (
          <div className="sign-board-qr" role="img" aria-label="点单二维码" dangerouslySetInnerHTML={{ __html: svg }} />
        ) : (
          <Alert className="no-print" type="warning" showIcon title="二维码生成异常，请使用下方网址。" />
        )}
        <div>
          <div className="sign-board-qr-caption">扫码点单</div>
          <p className="sign-board-qr-text">
            用手机扫描二维码，即可向网格反映诉求。提交后凭查询码查询办理进度，办结后可评价办理结果。
          </p>
          <div className="sign-board-url">{board.requestUrl}</div>
        </div>
      </section>

      <footer className="sign-board-foot">群众点单 → 网格接单 → 村社派单 → 党员接单 → 督查兑单 → 归档销单</footer>
    </article>
  );
}
