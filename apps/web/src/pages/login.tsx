import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { errorText } from '../api/client';
import { HOME_OF, useAuth } from '../auth/auth';
import { useSubmitGuard } from '../components/use-submit-guard';

export function LoginPage() {
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<unknown>(null);
  const { busy, guard } = useSubmitGuard();
  const from = (location.state as { from?: string } | null)?.from;

  if (user) return <Navigate to={from ?? HOME_OF[user.role]} replace />;

  const submit = guard(async (values: { username: string; password: string }) => {
    setError(null);
    try {
      const signedIn = await login(values.username.trim(), values.password);
      navigate(from ?? HOME_OF[signedIn.role], { replace: true });
    } catch (e) {
      setError(e);
    }
  });

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #c8161d 0%, #8c0f14 100%)',
        padding: 16,
      }}
    >
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          网格化服务管理
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          群众点单 · 网格接单 · 村社派单 · 党员接单 · 督查兑单 · 归档销单
        </Typography.Paragraph>
        {error ? (
          <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} role="alert" />
        ) : null}
        <Form layout="vertical" onFinish={submit} requiredMark={false} size="large">
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
