import QRCode from 'qrcode';

/** Where a face-auth QR points: opening it (a phone on the LAN, or a click) counts as a finished face scan. */
export function faceScanUrl(publicUrl: string, authId: string): string {
  return `${publicUrl}/__sandbox/scan/${encodeURIComponent(authId)}`;
}

export function qrImageUrl(publicUrl: string, authId: string): string {
  return `${publicUrl}/__sandbox/qr/${encodeURIComponent(authId)}.png`;
}

/** A real, scannable PNG QR code of `text`. */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 256 });
}
