// Which runtime is executing this code, read from the runtime itself: the Node servers also run on
// Bun and Deno, and the ready line must say truthfully where.
export function currentRuntime(): { runtime: 'node' | 'bun' | 'deno'; version: string } {
  const v = process.versions as NodeJS.ProcessVersions & { bun?: string; deno?: string };
  if (v.bun !== undefined) return { runtime: 'bun', version: v.bun };
  if (v.deno !== undefined) return { runtime: 'deno', version: v.deno };
  return { runtime: 'node', version: v.node };
}
