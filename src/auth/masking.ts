/** 500109201304120311 → 500109********0311: region and last four kept, the birth date hidden. */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (id == null || id === '') return null;
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}
