/** Reading collections: what a list or watch shows (namespace, label and field selectors), paged lists, and watches. */
import type * as http from 'node:http';
import { at, isObject, str, type JsonObject } from './json';
import { apiVersionOf } from './resources';
import type { LoggedRequest, Route } from './server';
import { errors } from './status';
import type { Store, StoreEvent } from './store';
import { table } from './tables';

/** What a list or watch with these selectors shows. */
export function matcher(route: Route, query: Record<string, string>): (o: JsonObject) => boolean {
  const labels = query.labelSelector ? labelSelector(query.labelSelector) : undefined;
  const fields = query.fieldSelector ? fieldSelector(query.fieldSelector) : undefined;
  return (o) =>
    (!route.type.namespaced || route.namespace === undefined || at(o, 'metadata', 'namespace') === route.namespace) &&
    (!labels || labels(isObject(at(o, 'metadata', 'labels')) ? (at(o, 'metadata', 'labels') as JsonObject) : {})) &&
    (!fields || fields(o));
}

/**
 * A watch: newline-delimited events, ADDED for what exists unless a resourceVersion to start from is given, then
 * every change, until `timeoutSeconds` or the client goes away.
 */
export function watch(store: Store, entry: LoggedRequest, route: Route, query: Record<string, string>, asTable: boolean, req: http.IncomingMessage, res: http.ServerResponse): void {
  const t = route.type;
  const match = matcher(route, query);
  entry.status = 200;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  let headers = true;
  const write = (type: string, o: JsonObject): void => {
    const shown = store.present(t, route.version, o);
    const object = asTable ? table(t, [shown], store.currentResourceVersion(), { headers }) : shown;
    headers = false;
    res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const rv = query.resourceVersion;
  if (rv === undefined || rv === '' || rv === '0') {
    for (const o of store.list(t, route.namespace).filter(match)) {
      write('ADDED', o);
    }
  }
  const listener = (e: StoreEvent): void => {
    if (e.resource.group === t.group && e.resource.plural === t.plural && match(e.object)) {
      write(e.type, e.object);
    }
  };
  store.listeners.add(listener);
  const seconds = Number(query.timeoutSeconds ?? '1800');
  const timer = setTimeout(() => res.end(), Math.max(0, seconds) * 1000);
  const stop = (): void => {
    clearTimeout(timer);
    store.listeners.delete(listener);
  };
  res.on('close', stop);
  req.on('close', stop);
}

export function list(store: Store, route: Route, query: Record<string, string>): JsonObject {
  const t = route.type;
  const items = store.list(t, route.namespace).filter(matcher(route, query));
  const start = query.continue ? Number(Buffer.from(query.continue, 'base64').toString()) : 0;
  const limit = query.limit ? Number(query.limit) : 0;
  const page = limit > 0 ? items.slice(start, start + limit) : items.slice(start);
  const metadata: JsonObject = { resourceVersion: store.currentResourceVersion() };
  if (limit > 0 && start + limit < items.length) {
    metadata.continue = Buffer.from(String(start + limit)).toString('base64');
    metadata.remainingItemCount = items.length - start - limit;
  }
  return {
    kind: `${t.kind}List`,
    apiVersion: apiVersionOf(t.group, route.version),
    metadata,
    // Typed lists carry no apiVersion/kind on their items; custom resource lists do.
    items: page.map((o) => {
      const p = store.present(t, route.version, o);
      if (t.builtin) {
        delete p.apiVersion;
        delete p.kind;
      }
      return p;
    }),
  };
}

/** Equality-based and set-based label selectors (`a=b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`). */
export function labelSelector(selector: string): (labels: JsonObject) => boolean {
  const reqs: Array<(l: JsonObject) => boolean> = [];
  for (const raw of selector.match(/([^,(]+(\([^)]*\))?)/g) ?? []) {
    const part = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part))) {
      const [, key, op, values] = m;
      const set = new Set(values!.split(',').map((v) => v.trim()));
      reqs.push((l) => (op === 'in' ? typeof l[key!] === 'string' && set.has(String(l[key!])) : !set.has(String(l[key!]))));
    } else if ((m = /^([^!=]+)!=(.*)$/.exec(part))) {
      const [, key, value] = m;
      reqs.push((l) => l[key!.trim()] !== value!.trim());
    } else if ((m = /^([^!=]+)==?(.*)$/.exec(part))) {
      const [, key, value] = m;
      reqs.push((l) => l[key!.trim()] === value!.trim());
    } else if (part.startsWith('!')) {
      reqs.push((l) => !(part.slice(1) in l));
    } else if (part) {
      reqs.push((l) => part in l);
    }
  }
  return (labels) => reqs.every((r) => r(labels));
}

/** Field selectors: `path=value`, `path==value`, `path!=value`, comma-separated (all must hold). */
export function fieldSelector(selector: string): (o: JsonObject) => boolean {
  const reqs = selector.split(',').map((part) => {
    const m = /^([^!=]+)(!=|==|=)(.*)$/.exec(part.trim());
    if (!m) {
      throw errors.badRequest(`invalid field selector: ${part}`);
    }
    const [, path, op, value] = m;
    return (o: JsonObject): boolean => {
      const v = str(at(o, ...path!.split('.'))) ?? '';
      return op === '!=' ? v !== value : v === value;
    };
  });
  return (o) => reqs.every((r) => r(o));
}
