// ASP.NET-style route templates as the Functions host matches them: literal segments (case-insensitive),
// `{name}`, `{name?}`, `{name=default}`, `{*catchAll}` and inline constraints such as `{id:int}`,
// `{name:alpha:maxlength(8)}`, `{v:regex(^a+$)}`.

/** A compiled route template. */
export interface RouteTemplate {
  readonly template: string;
  /** Literal segments count first when several templates match (more specific wins). */
  readonly literalCount: number;
  match(path: string): Record<string, string> | undefined;
}

interface Segment {
  literal?: string;
  param?: { name: string; optional: boolean; catchAll: boolean; defaultValue?: string; constraints: string[] };
}

const CONSTRAINTS: Record<string, (value: string, arg?: string) => boolean> = {
  int: (v) => /^-?\d+$/.test(v) && Math.abs(Number(v)) <= 2 ** 31,
  long: (v) => /^-?\d+$/.test(v),
  bool: (v) => /^(true|false)$/i.test(v),
  alpha: (v) => /^[a-z]+$/i.test(v),
  guid: (v) => /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i.test(v),
  datetime: (v) => !Number.isNaN(Date.parse(v)),
  decimal: (v) => /^-?\d+(\.\d+)?$/.test(v),
  double: (v) => v.trim() !== "" && Number.isFinite(Number(v)),
  float: (v) => v.trim() !== "" && Number.isFinite(Number(v)),
  minlength: (v, a) => v.length >= Number(a),
  maxlength: (v, a) => v.length <= Number(a),
  length: (v, a = "") => {
    const [min, max] = a.split(",").map(Number);
    return max === undefined ? v.length === min : v.length >= (min ?? 0) && v.length <= max;
  },
  min: (v, a) => /^-?\d+$/.test(v) && Number(v) >= Number(a),
  max: (v, a) => /^-?\d+$/.test(v) && Number(v) <= Number(a),
  range: (v, a = "") => {
    const [min, max] = a.split(",").map(Number);
    return /^-?\d+$/.test(v) && Number(v) >= (min ?? -Infinity) && Number(v) <= (max ?? Infinity);
  },
  regex: (v, a = "") => new RegExp(a, "i").test(v),
};

function parseParam(body: string): NonNullable<Segment["param"]> {
  const catchAll = body.startsWith("*");
  const text = catchAll ? body.slice(1) : body;
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of text) {
    if (char === "(") depth++;
    if (char === ")") depth--;
    if (char === ":" && depth === 0) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  const [first = "", ...constraints] = parts;
  let name = first;
  let optional = false;
  let defaultValue: string | undefined;
  const last = constraints.length > 0 ? constraints.length - 1 : -1;
  const tail = last >= 0 ? (constraints[last] as string) : name;
  let cleaned = tail;
  if (tail.endsWith("?")) {
    optional = true;
    cleaned = tail.slice(0, -1);
  } else if (tail.includes("=") && !tail.includes("(")) {
    [cleaned = "", defaultValue] = tail.split("=", 2);
    optional = true;
  }
  if (last >= 0) constraints[last] = cleaned;
  else name = cleaned;
  return { name, optional: optional || catchAll, catchAll, defaultValue, constraints };
}

function satisfies(value: string, constraints: string[]): boolean {
  return constraints.every((constraint) => {
    const match = /^(\w+)(?:\((.*)\))?$/s.exec(constraint);
    const check = match ? CONSTRAINTS[(match[1] as string).toLowerCase()] : undefined;
    if (!check) throw new Error(`Unknown route constraint '${constraint}'`);
    return check(value, match?.[2]);
  });
}

/** Compiles a route template (without the route prefix). */
export function compileRoute(template: string): RouteTemplate {
  const segments: Segment[] = template
    .replace(/^\/+|\/+$/g, "")
    .split("/")
    .filter((s) => s !== "")
    .map((s) => (/^\{.*\}$/.test(s) ? { param: parseParam(s.slice(1, -1)) } : { literal: s.toLowerCase() }));
  const literalCount = segments.filter((s) => s.literal !== undefined).length;
  return {
    template,
    literalCount,
    match(path) {
      const parts = path.split("/").filter((p) => p !== "");
      const params: Record<string, string> = {};
      for (let i = 0; i < segments.length; i++) {
        const segment = segments[i] as Segment;
        const part = parts[i];
        if (segment.literal !== undefined) {
          if (part === undefined || decodeURIComponent(part).toLowerCase() !== segment.literal) return undefined;
          continue;
        }
        const param = segment.param as NonNullable<Segment["param"]>;
        if (param.catchAll) {
          const rest = parts.slice(i).map(decodeURIComponent).join("/");
          if (rest !== "") params[param.name] = rest;
          return rest === "" || satisfies(rest, param.constraints) ? params : undefined;
        }
        if (part === undefined) {
          if (!param.optional) return undefined;
          if (param.defaultValue !== undefined) params[param.name] = param.defaultValue;
          continue;
        }
        const value = decodeURIComponent(part);
        if (!satisfies(value, param.constraints)) return undefined;
        params[param.name] = value;
      }
      return parts.length > segments.length ? undefined : params;
    },
  };
}
