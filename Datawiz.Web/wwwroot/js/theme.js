// Loaded as a module by the theme toggle (the Content-Security-Policy allows no inline script).
// The same cookie the server reads (ThemeCookie), so the next page load renders in the chosen palette.

export function remember(dark) {
  const secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie = `datawiz.theme=${dark ? "dark" : "light"}; path=/; max-age=31536000; samesite=lax${secure}`;
}
