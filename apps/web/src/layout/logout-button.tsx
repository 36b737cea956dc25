import { LogoutOutlined } from '@ant-design/icons';
import { App, Button, type ButtonProps } from 'antd';
import { useNavigate } from 'react-router';
import { useAuth } from '../auth/auth';

/**
 * 退出: asks first — on a phone the button sits where a thumb lands, and signing in again
 * in the field costs more than one extra tap.
 */
export function LogoutButton({ label, ...props }: { label?: string } & Omit<ButtonProps, 'onClick'>) {
  const { logout } = useAuth();
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const ask = () =>
    modal.confirm({
      title: '确定退出登录？',
      content: '退出后需要重新输入用户名和密码才能继续办理。',
      okText: '退出',
      cancelText: '取消',
      onOk: () => {
        logout();
        navigate('/login');
      },
    });
  return (
    <Button icon={<LogoutOutlined />} onClick={ask} aria-label="退出登录" {...props}>
      {label}
    </Button>
  );
}
