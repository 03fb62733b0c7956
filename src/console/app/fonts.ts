/**
 * The office machines' Chinese fonts first, then the hub-served Noto Sans SC
 * (@fontsource/noto-sans-sc: unicode-range subsets, a page loads only the glyphs it shows).
 */
export const FONT_STACK = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", sans-serif';
