import { Result, Spin } from 'antd';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { api, setUnauthenticatedHandler, tokenStore } from '../api/client';
import type { Role, User } from '../api/types';
import { clearApiCache } from '../offline/offline-caches';

interface AuthState {
  user: User | null;
  /** true until the stored token has been checked against /auth/me */
  loading: boolean;
  login: (username: string, password: string) => Promise<User>;
  logout: () => void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(() => tokenStore.get() !== null);

  const logout = useCallback(() => {
    tokenStore.clear();
    void clearApiCache();
    setUser(null);
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(logout);
    if (!tokenStore.get()) return;
    api
      .get<User>('/auth/me')
      .then(setUser)
      .catch(() => tokenStore.clear())
      .finally(() => setLoading(false));
  }, [logout]);

  const login = useCallback(async (username: string, password: string) => {
    const answer = await api.post<{ accessToken: string; user: User }>(
      '/auth/login',
      { username, password },
      { anonymous: true },
    );
    await clearApiCache();
    tokenStore.set(answer.accessToken);
    setUser(answer.user);
    return answer.user;
  }, []);

  const value = useMemo(() => ({ user, loading, login, logout }), [user, loading, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** The signed-in user (only inside <RequireAuth>). */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}

/** The first screen of each role after login. */
export const HOME_OF: Record<Role, string> = {
  grid_worker: '/my/queue',
  party_member: '/my/tasks',
  dispatcher: '/desk',
  supervisor: '/review',
  admin: '/dashboard',
  department_staff: '/department',
};

/** Shows its children to signed-in users of the given roles; others go to login or see 403. */
export function RequireAuth({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Spin size="large" style={{ display: 'block', margin: '30vh auto' }} />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (roles && !roles.includes(user.role))
    return <Result status="403" title="无权访问" subTitle="此页面不对您的角色开放。" />;
  return <>{children}</>;
}
