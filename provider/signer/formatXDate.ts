// Requests signed in the same second share one X-Date: remembering the last one skips toISOString's formatting.
let lastSecond = Number.NaN;
let lastXDate = "";

/** Formats a date as the `X-Date` value: UTC `YYYYMMDDTHHMMSSZ`. */
export function formatXDate(date: Date): string {
  const time = date.getTime();
  if (!Number.isFinite(time)) {
    throw new RangeError("signing date is not a valid Date");
  }
  const second = Math.floor(time / 1000);
  if (second === lastSecond) {
    return lastXDate;
  }
  // toISOString is `YYYY-MM-DDTHH:MM:SS.sssZ`; dropping the separators and milliseconds gives the X-Date form.
  const iso = date.toISOString();
  lastXDate = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  lastSecond = second;
  return lastXDate;
}
