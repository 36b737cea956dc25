import { Button } from 'antd';
import type { ReactNode } from 'react';

/** Text that acts in place (opens a drawer, selects a unit): a button that looks like a link. */
export function LinkButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Button
      type="link"
      size="small"
      onClick={onClick}
      style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
    >
      {children}
    </Button>
  );
}
