/** 75 → "1 min 15 s"; 4000 → "1 h 6 min". */
export function duration(seconds: number): string {
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
}

/** 0.0769 → "7.7%". */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
