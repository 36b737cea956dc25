import { Alert, Button, Card, Form, Input, Result } from 'antd';
import { useRef, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { newIdempotencyKey } from '../../api/idempotency-key';
import { PhotoUpload } from '../../components/attachments';
import { useApi } from '../../components/use-api';
import { FiledResult } from './filed-result';
import { ItemPicker } from './item-picker';
import { LocationField, type PickedLocation } from './location-field';
import { NotLoaded } from './not-loaded';
import {
  type FileBody,
  type FiledTicket,
  publicApi,
  publicErrorText,
  type PublicCategory,
  type PublicGrid,
  savedRequests,
} from './public-api';
import { PublicShell } from './public-shell';

interface RequestValues {
  itemCode: string;
  description: string;
  location?: PickedLocation;
  name?: string;
  phone?: string;
}

/** 群众点单: the form a resident opens from the QR code on the grid's sign board (/r/:gridCode). */
export function PublicRequestPage() {
  const { gridCode = '' } = useParams();
  const loaded = useApi(() => Promise.all([publicApi.grid(gridCode), publicApi.catalog()]), [gridCode]);
  const [filed, setFiled] = useState<FiledTicket | null>(null);
  const [round, setRound] = useState(0);

  if (!loaded.data) {
    return (
      <PublicShell title="群众点单" subtitle="反映诉求，网格员及时办理">
        <NotLoaded
          loaded={loaded}
          notFound={
            <Card>
              <Result
                status="404"
                title="未找到该网格"
                subTitle="二维码可能已失效或网格已调整。请联系您的网格员，或拨打12345热线反映诉求。"
              />
            </Card>
          }
        />
      </PublicShell>
    );
  }

  const [grid, catalog] = loaded.data;
  return (
    <PublicShell title={grid.name} subtitle={[grid.townshipName, grid.communityName].filter(Boolean).join(' · ')}>
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
    </PublicShell>
  );
}

function toBody(values: RequestValues, gridCode: string, attachmentIds: string[]): FileBody {
  const name = values.name?.trim();
  const phone = values.phone?.trim();
  const address = values.location?.address?.trim();
  return {
    itemCode: values.itemCode,
    description: values.description.trim(),
    // With a position the API finds the grid by it; without, the sign board's grid takes the request.
    ...(values.location
      ? { location: { lng: values.location.lng, lat: values.location.lat, ...(address ? { address } : {}) } }
      : { gridCode }),
    ...(name || phone ? { reporter: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } } : {}),
    ...(attachmentIds.length ? { attachmentIds } : {}),
  };
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
  const [form] = Form.useForm<RequestValues>();
  const [photos, setPhotos] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // One key per distinct request: a retry of the same body (lost answer, double tap) files nothing twice.
  const attempt = useRef<{ key: string; body: string } | null>(null);

  const submit = async (values: RequestValues) => {
    const body = toBody(values, grid.code, photos);
    const json = JSON.stringify(body);
    if (attempt.current?.body !== json) attempt.current = { key: newIdempotencyKey(), body: json };
    setBusy(true);
    setError(null);
    try {
      const ticket = await publicApi.file(body, attempt.current.key);
      const itemName = catalog.flatMap((c) => c.items).find((i) => i.code === body.itemCode)?.name ?? '';
      savedRequests.add({
        trackingCode: ticket.trackingCode,
        number: ticket.number,
        itemName,
        createdAt: ticket.createdAt,
      });
      onFiled(ticket);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const outside = error instanceof ApiError && error.code === 'OUTSIDE_ALL_GRIDS';
  return (
    <Card title="群众点单 · 反映诉求" styles={{ body: { padding: 16 } }}>
      <Form<RequestValues> form={form} layout="vertical" size="large" onFinish={submit} scrollToFirstError>
        <Form.Item name="itemCode" label="反映事项" rules={[{ required: true, message: '请选择要反映的事项' }]}>
          <ItemPicker categories={catalog} />
        </Form.Item>
        <Form.Item
          name="description"
          label="诉求描述"
          rules={[
            { required: true, whitespace: true, message: '请描述您的诉求' },
            { max: 2000, message: '诉求描述不能超过2000字' },
          ]}
        >
          <Input.TextArea
            rows={5}
            showCount
            maxLength={2000}
            placeholder="请说明发生了什么、在哪里、需要什么帮助"
            style={{ fontSize: 16 }}
          />
        </Form.Item>
        <Form.Item name="location" label="位置">
          <LocationField />
        </Form.Item>
        <Form.Item label="照片（选填）" extra="可拍照或从相册选择，最多6张">
          <PhotoUpload anonymous onChange={setPhotos} />
        </Form.Item>
        <Form.Item name="name" label="您的称呼（选填）" rules={[{ max: 50, message: '称呼不能超过50字' }]}>
          <Input placeholder="如：王女士" maxLength={50} autoComplete="name" />
        </Form.Item>
        <Form.Item
          name="phone"
          label="联系电话（选填）"
          extra="留下电话，便于网格员联系您和回访；您的信息仅用于办理本诉求。"
          rules={[{ pattern: /^1\d{10}$/, message: '请输入以1开头的11位手机号码，或不填' }]}
          normalize={(v: string) => v.replace(/\s/g, '')}
        >
          <Input type="tel" inputMode="numeric" maxLength={11} placeholder="11位手机号码" autoComplete="tel" />
        </Form.Item>
        {error ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={outside ? '您当前的位置不在任何网格内，无法按位置提交。' : `提交失败：${publicErrorText(error)}`}
            description={
              outside ? (
                <div>
                  <div>可以不使用位置，直接提交到{grid.name}。</div>
                  <Button
                    block
                    style={{ marginTop: 8 }}
                    onClick={() => {
                      form.setFieldValue('location', undefined);
                      form.submit();
                    }}
                  >
                    不使用位置，提交到本网格
                  </Button>
                </div>
              ) : undefined
            }
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <Button type="primary" htmlType="submit" block loading={busy} style={{ height: 52, fontSize: 18 }}>
          提交诉求
        </Button>
      </Form>
    </Card>
  );
}
