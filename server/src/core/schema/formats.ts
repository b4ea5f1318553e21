/** The string formats a schema may name that Kubernetes checks (kube-openapi's registry), and their names for errors. */

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function isIpv6(s: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.length > 45) {
    return false;
  }
  const v4 = s.includes('.') ? s.slice(s.lastIndexOf(':') + 1) : undefined;
  if (v4 !== undefined && !IPV4.test(v4)) {
    return false;
  }
  const head = v4 !== undefined ? s.slice(0, s.lastIndexOf(':') + 1) + '0:0' : s;
  const halves = head.split('::');
  if (halves.length > 2) {
    return false;
  }
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
  if (groups.some((g) => g.some((x) => !/^[0-9a-fA-F]{1,4}$/.test(x)))) {
    return false;
  }
  const count = groups.reduce((n, g) => n + g.length, 0);
  return halves.length === 2 ? count < 8 : count === 8;
}

/** The string formats Kubernetes checks (kube-openapi's registry) that manifests meet in practice; others are not checked. */
export const FORMATS: Readonly<Record<string, (s: string) => boolean>> = {
  'date-time': (s) => RFC3339.test(s),
  date: (s) => /^\d{4}-\d{2}-\d{2}$/.test(s),
  ipv4: (s) => IPV4.test(s),
  ipv6: isIpv6,
  cidr: (s) => {
    const [ip, bits, extra] = s.split('/');
    const n = bits !== undefined && /^\d{1,3}$/.test(bits) ? Number(bits) : -1;
    return extra === undefined && ip !== undefined && ((IPV4.test(ip) && n >= 0 && n <= 32) || (isIpv6(ip) && n >= 0 && n <= 128));
  },
  uuid: (s) => UUID.test(s),
  byte: (s) => BASE64.test(s),
};

export const FORMAT_NAMES: Readonly<Record<string, string>> = {
  'date-time': 'RFC 3339 date-time',
  date: 'date (YYYY-MM-DD)',
  ipv4: 'IPv4 address',
  ipv6: 'IPv6 address',
  cidr: 'CIDR range',
  uuid: 'UUID',
  byte: 'base64 string',
};
