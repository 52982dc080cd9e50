/**
 * XEP-0004 data forms: read a `<x xmlns='jabber:x:data'/>` into a plain model, and build the
 * `type='submit'` answer from what the user filled in.
 *
 * The model is plain data (no ltx elements) so a view can render it and keep the user's values
 * across a failed submit. Values are always string arrays, as on the wire: a boolean is
 * `['1']`/`['0']`, a single-valued field has one entry, an empty field none.
 */
import xml, { type Element } from '@xmpp/xml';

export const NS_DATA = 'jabber:x:data';

export const FIELD_TYPES = [
  'boolean',
  'fixed',
  'hidden',
  'jid-multi',
  'jid-single',
  'list-multi',
  'list-single',
  'text-multi',
  'text-private',
  'text-single',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FormOption {
  value: string;
  label?: string;
}

export interface FormField {
  type: FieldType;
  /** Absent only on `fixed` fields (XEP-0004 §3.2: var is required on every other type). */
  var?: string;
  label?: string;
  desc?: string;
  required: boolean;
  /** The default (or current) values sent by the service. */
  values: string[];
  options: FormOption[];
}

export type FormType = 'form' | 'submit' | 'cancel' | 'result';

export interface DataForm {
  type: FormType;
  title?: string;
  /** One entry per `<instructions/>` element, in order. */
  instructions: string[];
  fields: FormField[];
}

/** The values a person filled in, by field var. */
export type FormValues = Record<string, string[]>;

function isFieldType(t: string): t is FieldType {
  return (FIELD_TYPES as readonly string[]).includes(t);
}

/** Finds the data form among the children of `parent` (e.g. a `<query/>`), if there is one. */
export function findForm(parent: Element): Element | undefined {
  return parent.getChild('x', NS_DATA);
}

/** Reads a data form. Unknown field types are read as text-single, as XEP-0004 §3.3 asks. */
export function parseForm(x: Element): DataForm {
  if (x.name !== 'x' || x.attrs.xmlns !== NS_DATA) throw new Error('Not a jabber:x:data form');
  const type = (x.attrs.type ?? 'form') as string;
  if (!['form', 'submit', 'cancel', 'result'].includes(type)) throw new Error(`Unknown form type: ${type}`);
  const form: DataForm = {
    type: type as FormType,
    title: x.getChildText('title')?.trim() || undefined,
    instructions: x
      .getChildren('instructions')
      .map((i) => i.text().trim())
      .filter(Boolean),
    fields: [],
  };
  for (const f of x.getChildren('field')) {
    const rawType = (f.attrs.type as string | undefined) ?? 'text-single';
    const fieldType = isFieldType(rawType) ? rawType : 'text-single';
    const v = f.attrs.var as string | undefined;
    if (!v && fieldType !== 'fixed') continue; // a field we could never submit
    form.fields.push({
      type: fieldType,
      var: v,
      label: f.attrs.label,
      desc: f.getChildText('desc')?.trim() || undefined,
      required: !!f.getChild('required'),
      values: f.getChildren('value').map((v) => v.text()),
      options: f.getChildren('option').flatMap((o) => {
        const value = o.getChildText('value');
        if (value === null) return [];
        return [{ value, label: o.attrs.label }];
      }),
    });
  }
  return form;
}

/** The hidden FORM_TYPE value (XEP-0068), if the form has one. */
export function formType(form: DataForm): string | undefined {
  return form.fields.find((f) => f.var === 'FORM_TYPE')?.values[0];
}

/** The values the form starts with, by var (fixed fields have none). */
export function initialValues(form: DataForm): FormValues {
  const out: FormValues = {};
  for (const f of form.fields) if (f.var) out[f.var] = [...f.values];
  return out;
}

/** XEP-0004 §3.3: '1' and 'true' are true, anything else false. */
export function isTrue(values: readonly string[] | undefined): boolean {
  const v = values?.[0]?.trim();
  return v === '1' || v === 'true';
}

/** Required fields (shown to the user) that have no non-empty value. */
export function missingRequired(form: DataForm, values: FormValues): FormField[] {
  return form.fields.filter((f) => {
    if (!f.required || !f.var || f.type === 'fixed' || f.type === 'boolean') return false;
    return !(values[f.var] ?? f.values).some((v) => v.trim() !== '');
  });
}

/**
 * The `type='submit'` form for `values` (XEP-0004 §3.1): every field with a var, hidden ones
 * (FORM_TYPE) with their given values, the rest with what the user chose; fixed fields are left out.
 * Single-valued types send at most one value; text-multi lines are separate values.
 */
export function buildSubmit(form: DataForm, values: FormValues): Element {
  const x = xml('x', { xmlns: NS_DATA, type: 'submit' });
  for (const f of form.fields) {
    if (!f.var || f.type === 'fixed') continue;
    let vals = f.type === 'hidden' ? f.values : (values[f.var] ?? f.values);
    if (f.type === 'boolean') vals = [isTrue(vals) ? '1' : '0'];
    else if (f.type === 'text-multi') vals = vals.flatMap((v) => v.split(/\r?\n/));
    else if (f.type === 'jid-multi') vals = vals.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
    else if (f.type !== 'list-multi') vals = vals.slice(0, 1);
    const field = xml('field', { var: f.var });
    // FORM_TYPE keeps its type so services matching on `type='hidden'` recognise it.
    if (f.var === 'FORM_TYPE') field.attrs.type = 'hidden';
    for (const v of vals) field.append(xml('value', {}, v));
    x.append(field);
  }
  return x;
}
