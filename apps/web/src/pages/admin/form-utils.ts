import type { FormInstance } from 'antd';

/** The form's values, or null when a rule failed (antd already shows the messages). */
export async function validated<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}
