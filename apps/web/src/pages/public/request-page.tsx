import { lazy, Suspense, useRef, useState } from 'react';
import { normalizePhone } from '@gridflow/domain/phone';
import { ApiError } from '../../api/client';
import { newIdempotencyKey } from '../../api/idempotency-key';
import type { UploadProgress } from '../../components/attachments';
import { useApi } from '../../components/use-api';
import { useDraft } from '../../components/use-draft';
import { useSubmitGuard } from '../../components/use-submit-guard';
import { FiledResult } from './filed-result';
import { ItemPicker } from './item-picker';
import { LocationField, type PickedLocation } from './location-field';
import {
  type FileBody,
  type FiledTicket,
  isNotFound,
  publicApi,
  publicErrorText,
  type PublicCategory,
  type PublicGrid,
  savedRequests,
} from './public-api';
import { PublicFrame } from './public-frame';
import './resident.css';

// antd's Upload (and with it antd's core) arrives after the form is usable: see resident-photo-upload.
const ResidentPhotoUpload = lazy(() => import('./resident-photo-upload'));

interface RequestValues {
  itemCode?: string;
  description?: string;
  location?: PickedLocation;
  name?: string;
  phone?: string;
}
type Field = 'itemCode' | 'description' | 'name' | 'phone';
type Problems = Partial<Record<Field, string>>;

/** The form's rules, checked before anything is sent (the API checks again). */
function check(values: RequestValues): Problems {
  const problems: Problems = {};
  if (!values.itemCode) problems.itemCode = '请选择要反映的事项';
  const description = values.description ?? '';
  if (!description.trim()) problems.description = '请描述您的诉求';
  else if (description.length > 2000) problems.description = '诉求描述不能超过2000字';
  if ((values.name ?? '').length > 50) problems.name = '称呼不能超过50字';
  // Checked as normalised (spaces, dashes, +86 dropped): "138 0013 8000" is fine.
  const phone = values.phone ?? '';
  if (phone.trim() && !/^1\d{10}$/.test(normalizePhone(phone))) problems.phone = '请输入以1开头的11位手机号码，或不填';
  return problems;
}

/**
 * 群众点单: the form a resident opens from the QR code on the grid's sign board (/r/:gridCode).
 * Plain React and CSS, no antd and no router: it is its own entry (resident.html, main-resident.tsx)
 * and also a route of the console (app.tsx).
 */
export function PublicRequestPage({ gridCode }: { gridCode: string }) {
  const loaded = useApi(() => Promise.all([publicApi.grid(gridCode), publicApi.catalog()]), [gridCode]);
  const [filed, setFiled] = useState<FiledTicket | null>(null);
  const [round, setRound] = useState(0);

  if (!loaded.data) {
    return (
      <PublicFrame title="群众点单" subtitle="反映诉求，网格员及时办理">
        {loaded.loading ? (
          <div className="rp-card" aria-busy="true" aria-label="加载中">
            {[60, 100, 100, 80, 100, 70].map((w, i) => (
              <div key={i} className="rp-skeleton" style={{ width: `${w}%` }} />
            ))}
          </div>
        ) : isNotFound(loaded.error) ? (
          <div className="rp-card rp-filed">
            <h2 className="rp-filed-title">未找到该网格</h2>
            <p className="rp-help">二维码可能已失效或网格已调整。请联系您的网格员，或拨打12345热线反映诉求。</p>
          </div>
        ) : (
          <div className="rp-alert rp-alert-error" role="alert">
            <span>{publicErrorText(loaded.error)}</span>
            <button type="button" className="rp-button" onClick={loaded.reload}>
              重试
            </button>
          </div>
        )}
      </PublicFrame>
    );
  }

  const [grid, catalog] = loaded.data;
  return (
    <PublicFrame title={grid.name} subtitle={[grid.townshipName, grid.communityName].filter(Boolean).join(' · ')}>
      {filed ? (
        <FiledResult
          ticket={filed}
          gridName={grid.name}
          onAnother={() => {
            setFiled(null);
            setRound((r) => r + 1);
          }}
        />
      ) : (
        <RequestForm
          key={round}
          grid={grid}
          catalog={catalog}
          onFiled={(ticket) => {
            setFiled(ticket);
            window.scrollTo({ top: 0 });
          }}
        />
      )}
    </PublicFrame>
  );
}

function toBody(values: RequestValues, gridCode: string, attachmentIds: string[]): FileBody {
  const name = values.name?.trim();
  const phone = values.phone ? normalizePhone(values.phone) : '';
  const address = values.location?.address?.trim();
  const { lng, lat } = values.location ?? {};
  return {
    itemCode: values.itemCode ?? '',
    description: (values.description ?? '').trim(),
    // With a position the API finds the grid by it; without, the sign board's grid takes the
    // request (with the typed address, if any).
    ...(lng !== undefined && lat !== undefined
      ? { location: { lng, lat, ...(address ? { address } : {}) } }
      : { gridCode, ...(address ? { location: { address } } : {}) }),
    ...(name || phone ? { reporter: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } } : {}),
    ...(attachmentIds.length ? { attachmentIds } : {}),
  };
}

const FIELD_ID: Record<Field, string> = {
  itemCode: 'rp-item',
  description: 'rp-description',
  name: 'rp-name',
  phone: 'rp-phone',
};

function Problem({ field, problems }: { field: Field; problems: Problems }) {
  return problems[field] ? (
    <div className="rp-error" role="alert" id={`${FIELD_ID[field]}-error`}>
      {problems[field]}
    </div>
  ) : null;
}

function RequestForm({
  grid,
  catalog,
  onFiled,
}: {
  grid: PublicGrid;
  catalog: PublicCategory[];
  onFiled: (ticket: FiledTicket) => void;
}) {
  // What the resident typed survives a reload (or a lost tab) until the request is sent.
  const draft = useDraft<RequestValues>(`gridflow:draft:request:${grid.code}`);
  const [values, setValues] = useState<RequestValues>(() => draft.initial ?? {});
  const [problems, setProblems] = useState<Problems>({});
  const [checked, setChecked] = useState(false);
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploads, setUploads] = useState<UploadProgress>({ uploading: 0, failed: 0 });
  const { busy, guard } = useSubmitGuard();
  const [error, setError] = useState<unknown>(null);
  // One key per distinct request: a retry of the same body (lost answer, double tap) files nothing twice.
  const attempt = useRef<{ key: string; body: string } | null>(null);

  const set = <K extends keyof RequestValues>(key: K, value: RequestValues[K]) => {
    const next = { ...values, [key]: value };
    setValues(next);
    draft.save(next);
    // Once a submit was tried, each field is checked again as it changes.
    if (checked) setProblems(check(next));
  };

  const submit = guard(async (current: RequestValues) => {
    // The button says why it waits; Enter in a field must not file without the photos either.
    if (uploads.uploading > 0 || uploads.failed > 0) return;
    const found = check(current);
    setChecked(true);
    setProblems(found);
    const first = (Object.keys(FIELD_ID) as Field[]).find((f) => found[f]);
    if (first) {
      document.getElementById(FIELD_ID[first])?.scrollIntoView({ block: 'center' });
      return;
    }
    const body = toBody(current, grid.code, photos);
    const json = JSON.stringify(body);
    if (attempt.current?.body !== json) attempt.current = { key: newIdempotencyKey(), body: json };
    setError(null);
    try {
      const ticket = await publicApi.file(body, attempt.current.key);
      const itemName = catalog.flatMap((c) => c.items).find((i) => i.code === body.itemCode)?.name ?? '';
      draft.clear();
      savedRequests.add({
        trackingCode: ticket.trackingCode,
        number: ticket.number,
        itemName,
        createdAt: ticket.createdAt,
      });
      onFiled(ticket);
    } catch (e) {
      setError(e);
    }
  });

  const outside = error instanceof ApiError && error.code === 'OUTSIDE_ALL_GRIDS';
  const description = values.description ?? '';
  const waiting = busy || uploads.uploading > 0;
  return (
    <section className="rp-card">
      <h2 className="rp-card-title">群众点单 · 反映诉求</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit(values);
        }}
      >
        <div className="rp-field">
          <div className="rp-label rp-required" id="rp-item-label">
            反映事项
          </div>
          <ItemPicker
            id={FIELD_ID.itemCode}
            categories={catalog}
            value={values.itemCode}
            onChange={(code) => set('itemCode', code)}
            invalid={!!problems.itemCode}
          />
          <Problem field="itemCode" problems={problems} />
        </div>
        <div className="rp-field">
          <label className="rp-label rp-required" htmlFor={FIELD_ID.description}>
            诉求描述
          </label>
          <textarea
            id={FIELD_ID.description}
            className="rp-input"
            rows={5}
            maxLength={2000}
            placeholder="请说明发生了什么、在哪里、需要什么帮助"
            aria-invalid={!!problems.description || undefined}
            value={description}
            onChange={(e) => set('description', e.target.value)}
          />
          <div className="rp-count">{description.length} / 2000</div>
          <Problem field="description" problems={problems} />
        </div>
        <div className="rp-field">
          <div className="rp-label">位置</div>
          <LocationField value={values.location} onChange={(location) => set('location', location)} />
        </div>
        <div className="rp-field">
          <div className="rp-label">照片（选填）</div>
          <Suspense
            fallback={
              <div className="rp-photo-slot" aria-busy="true">
                拍照/相册
              </div>
            }
          >
            <ResidentPhotoUpload onChange={setPhotos} onProgress={setUploads} />
          </Suspense>
          <div className="rp-help">可拍照或从相册选择，最多6张</div>
        </div>
        <div className="rp-field">
          <label className="rp-label" htmlFor={FIELD_ID.name}>
            您的称呼（选填）
          </label>
          <input
            id={FIELD_ID.name}
            className="rp-input"
            placeholder="如：王女士"
            maxLength={50}
            autoComplete="name"
            value={values.name ?? ''}
            onChange={(e) => set('name', e.target.value)}
          />
          <Problem field="name" problems={problems} />
        </div>
        <div className="rp-field">
          <label className="rp-label" htmlFor={FIELD_ID.phone}>
            联系电话（选填）
          </label>
          <input
            id={FIELD_ID.phone}
            className="rp-input"
            type="tel"
            inputMode="tel"
            maxLength={24}
            placeholder="11位手机号码"
            autoComplete="tel"
            aria-invalid={!!problems.phone || undefined}
            value={values.phone ?? ''}
            onChange={(e) => set('phone', e.target.value)}
          />
          <Problem field="phone" problems={problems} />
          <div className="rp-help">留下电话，便于网格员联系您和回访；您的信息仅用于办理本诉求。</div>
        </div>
        {error ? (
          <div className="rp-alert rp-alert-error" role="alert">
            <strong>
              {outside ? '您当前的位置不在任何网格内，无法按位置提交。' : `提交失败：${publicErrorText(error)}`}
            </strong>
            {outside && (
              <div>
                <div>可以不使用位置，直接提交到{grid.name}。</div>
                <button
                  type="button"
                  className="rp-button rp-block"
                  style={{ marginTop: 8 }}
                  onClick={() => {
                    const next = { ...values, location: undefined };
                    setValues(next);
                    draft.save(next);
                    void submit(next);
                  }}
                >
                  不使用位置，提交到本网格
                </button>
              </div>
            )}
          </div>
        ) : null}
        {uploads.failed > 0 && (
          <div className="rp-alert rp-alert-warning" role="alert">
            有 {uploads.failed} 张照片上传失败，请删除后重新选择，或删除后直接提交
          </div>
        )}
        <button
          type="submit"
          className="rp-button rp-primary rp-block rp-submit"
          aria-busy={waiting || undefined}
          disabled={uploads.failed > 0}
        >
          {waiting && <span className="rp-spinner" aria-hidden />}
          {uploads.uploading > 0 ? `照片上传中（${uploads.uploading}张）…` : '提交诉求'}
        </button>
      </form>
    </section>
  );
}
