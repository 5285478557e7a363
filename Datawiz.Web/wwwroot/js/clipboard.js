// Loaded as a module by components (the Content-Security-Policy allows no inline script).

export function copyText(text) {
  return navigator.clipboard.writeText(text);
}

export function downloadText(fileName, text, mimeType) {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
