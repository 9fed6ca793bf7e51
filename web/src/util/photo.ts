// Photos from a phone camera are 3–8 MB; the server takes at most 5 MB and 3 per case. Shrink each
// to at most 1600 px on the long side as JPEG before sending: enough to see a pothole, and quick on
// a mobile network.

export const MAX_PHOTOS = 3
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024
const MAX_SIDE = 1600

const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp']

/** Whether the browser can make a picture of this file (HEIC etc. are refused with a message). */
export function isAcceptedImage(file: File): boolean {
  return ACCEPTED.includes(file.type)
}

function loadImage(file: Blob): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file)
    const img = new Image()
    img.onload = () => {
      URL.revokeObjectURL(url)
      resolve(img)
    }
    img.onerror = () => {
      URL.revokeObjectURL(url)
      reject(new Error('image'))
    }
    img.src = url
  })
}

/** A smaller JPEG of the photo; small files that already fit are sent as they are. */
export async function shrinkPhoto(file: File): Promise<Blob> {
  const img = await loadImage(file)
  const long = Math.max(img.naturalWidth, img.naturalHeight)
  if (long <= MAX_SIDE && file.size <= 1024 * 1024) return file
  const scale = Math.min(1, MAX_SIDE / long)
  const canvas = document.createElement('canvas')
  canvas.width = Math.max(1, Math.round(img.naturalWidth * scale))
  canvas.height = Math.max(1, Math.round(img.naturalHeight * scale))
  const ctx = canvas.getContext('2d')
  if (!ctx) return file
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.82))
  return blob && blob.size < file.size ? blob : file
}
