import { RightOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input } from 'antd';
import { isTrackingCode } from '@gridflow/domain/ticket-codes';
import { Link, useNavigate } from 'react-router';
import { formatTime } from '../../components/ticket-bits';
import { savedRequests } from './public-api';
import { READABLE_GREY } from '../../theme';

const normalize = (v: string | undefined) => (v ?? '').replace(/[\s-]/g, '').toUpperCase();

/** Type a tracking code, go to its progress page. */
export function TrackingCodeForm() {
  const navigate = useNavigate();
  return (
    <Form<{ code: string }>
      layout="vertical"
      size="large"
      onFinish={({ code }) => navigate(`/t/${normalize(code)}`)}
      requiredMark={false}
    >
      <Form.Item
        name="code"
        label="查询码"
        normalize={normalize}
        rules={[
          { required: true, message: '请输入查询码' },
          {
            validator: (_, value: string) =>
              !value || isTrackingCode(value)
                ? Promise.resolve()
                : Promise.reject(
                    new Error('查询码为8位大写字母和数字（不含 0、1、2、5、8、O、I、L、Z、S、B），请核对'),
                  ),
          },
        ]}
      >
        <Input
          placeholder="8位查询码"
          maxLength={12}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          style={{ fontSize: 20, letterSpacing: 3, fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" block style={{ height: 48 }}>
        查询
      </Button>
    </Form>
  );
}

/** The requests filed from this phone (kept in the browser only). */
export function SavedRequests() {
  const saved = savedRequests.list();
  if (saved.length === 0) return null;
  return (
    <Card title="本机提交过的诉求" style={{ marginTop: 12 }} styles={{ body: { padding: 0 } }}>
      {saved.map((r) => (
        <Link
          key={r.trackingCode}
          to={`/t/${r.trackingCode}`}
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            padding: '12px 16px',
            borderTop: '1px solid #f0f0f0',
            color: 'inherit',
          }}
        >
          <div style={{ flex: 1, minWidth: 0 }}>
            <div style={{ fontSize: 16 }}>{r.itemName || '诉求'}</div>
            <div style={{ color: READABLE_GREY, fontSize: 13 }}>
              查询码 {r.trackingCode} · {formatTime(r.createdAt)}
            </div>
          </div>
          <RightOutlined style={{ color: READABLE_GREY }} />
        </Link>
      ))}
    </Card>
  );
}
