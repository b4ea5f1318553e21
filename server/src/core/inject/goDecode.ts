/** Whether kube-inject's typed decode accepts an object, and if not, which field it refuses and why. */
import { isRec } from '../plainData';
import type { Rec } from '../plainData';
import { registeredType, STRUCTS, type TypeRef } from './k8sSchema';

type Json = unknown;

/**
 * Where kube-inject's typed decode (sigs.k8s.io/yaml into the `k8s.io/api` struct) refuses the object, as a sentence
 * naming the field; undefined when it decodes. Go accepts any scalar in a string field (the YAML text is kept) and
 * null anywhere (the zero value), and refuses a map or list where a scalar belongs, a scalar or map where a list
 * belongs, a string in a number or bool field and a fraction in an integer field. Fields outside the schema are not
 * checked. (YAML 1.1 booleans such as `yes` are bools to Go's parser but strings here, so a bool field takes them.)
 */
export function goDecodeProblem(obj: Rec, type: string): string | undefined {
  const problem = decodeProblem(obj, type, '');
  if (problem || type !== 'List' || !Array.isArray(obj['items'])) {
    return problem;
  }
  // A List's items are decoded by their own kinds.
  for (const [i, item] of (obj['items'] as unknown[]).entries()) {
    const itemType = registeredType(item);
    const p = itemType && isRec(item) ? decodeProblem(item, itemType, '') : undefined;
    if (p) {
      return `items[${i}]: ${p}`;
    }
  }
  return undefined;
}

const YAML11_BOOLS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;

function decodeProblem(value: Json, type: TypeRef, path: string): string | undefined {
  if (value === null || value === undefined || type === 'any' || type === 'time') {
    return undefined;
  }
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint';
  const wrong = (wanted: string): string => mismatch(value, path, wanted);
  switch (type) {
    case 's':
      return scalar ? undefined : wrong('a string');
    case 'i':
      return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint' ? undefined : wrong('an integer');
    case 'b':
      return typeof value === 'boolean' || (typeof value === 'string' && YAML11_BOOLS.test(value)) ? undefined : wrong('true or false');
    case 'q':
      return typeof value === 'string' || typeof value === 'number' ? undefined : wrong('a quantity such as 100m or 1Gi');
    case 'ios':
      return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)) ? undefined : wrong('a number or a name');
    case 'obj':
      return isRec(value) ? undefined : wrong('a map');
  }
  if (type.startsWith('[')) {
    if (!Array.isArray(value)) {
      return wrong(type === '[s]' ? 'a list of strings' : 'a list');
    }
    const inner = type.slice(1, -1);
    for (let i = 0; i < value.length; i++) {
      const p = decodeProblem(value[i], inner, `${path}[${i}]`);
      if (p) {
        return p;
      }
    }
    return undefined;
  }
  if (type.startsWith('map<')) {
    if (!isRec(value)) {
      return wrong(type === 'map<s>' ? 'a map of strings' : 'a map');
    }
    const inner = type.slice(4, -1);
    for (const [k, v] of Object.entries(value)) {
      const p = decodeProblem(v, inner, `${path}${path ? '.' : ''}${k}`);
      if (p) {
        return p;
      }
    }
    return undefined;
  }
  const struct = STRUCTS[type];
  if (!struct) {
    return undefined;
  }
  if (!isRec(value)) {
    return wrong('a map');
  }
  for (const f of struct) {
    const p = decodeProblem(value[f.json], f.type, `${path}${path ? '.' : ''}${f.json}`);
    if (p) {
      return p;
    }
  }
  return undefined;
}

function mismatch(value: Json, path: string, wanted: string): string {
  return `${path || 'the object'} is ${describeJs(value)}, where Kubernetes wants ${wanted}; kube-inject cannot decode it`;
}

function describeJs(value: Json): string {
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (isRec(value)) {
    return 'a map';
  }
  if (typeof value === 'string') {
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  return typeof value === 'boolean' ? `${String(value)} (a bool)` : `the number ${String(value)}`;
}
