/** Dark text on light cells and white on dark ones (by the fill's relative luminance), so every heatmap label reads. */
export function labelColorOn(fill: string) {
  const rgb = fill.startsWith("#") ? [1, 3, 5].map((i) => parseInt(fill.slice(i, i + 2), 16)) : (fill.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
  const [r = 255, g = 255, b = 255] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.3 ? "#ffffff" : "#1e293b";
}
