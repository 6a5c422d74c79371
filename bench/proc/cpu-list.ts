// taskset's CPU list syntax ("0", "0-3", "0,2,4-5"): parsed to check it and to count the cores it names.

export function parseCpuList(text: string): number[] | { error: string } {
  const cpus = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) return { error: `"${text}" is not a CPU list (examples: 0, 0-3, 0,2)` };
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) return { error: `"${part}" is a backwards range in CPU list "${text}"` };
    for (let cpu = first; cpu <= last; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}
