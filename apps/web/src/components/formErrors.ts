import type { FormInstance } from 'antd';
import type { FieldErrorPlan } from '../api/errors.ts';

/**
 * Puts planned server errors on form fields. antd types name paths by the form's value shape;
 * these paths come from the server and were checked against the form by `isField` at run time.
 */
export function applyFieldErrors<T>(form: FormInstance<T>, fields: FieldErrorPlan['fields']): void {
  form.setFields(fields.map((field) => ({ name: field.name as never, errors: field.errors })));
}
