// Loaded as a module by the time-zone scope. The cookie lets the server render the next page's times in
// this zone from the first byte, before the circuit starts.
export function rememberBrowserTimeZone() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) {
    return null;
  }
  const secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie = `datawiz-tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax${secure}`;
  return zone;
}
