import { PhoneOutlined } from '@ant-design/icons';
import { isDialable } from '@gridflow/domain/phone';

/**
 * A resident's phone as the API gave it: a one-tap tel: link when it is complete (the API
 * sends it in full only to whom `seesPhoneInFull` allows), the masked text otherwise.
 */
export function PhoneLink({ phone, empty = '—' }: { phone: string | null | undefined; empty?: string }) {
  if (!phone) return <>{empty}</>;
  if (!isDialable(phone)) return <span data-testid="reporter-phone">{phone}</span>;
  return (
    <a
      href={`tel:${phone}`}
      data-testid="reporter-phone"
      aria-label={`拨打 ${phone}`}
      style={{ display: 'inline-flex', alignItems: 'center', gap: 4, minHeight: 44, padding: '0 4px' }}
    >
      <PhoneOutlined />
      {phone}
    </a>
  );
}
