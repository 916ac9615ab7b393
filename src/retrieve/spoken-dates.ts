/**
 * Dates as people say them: 2月3号, 三月一号 for the documents' 2月3日, 3月1日. A rewrite of the
 * question only (documents write 日); 号 after anything but a month's day (〔2020〕6号, 第20210384号)
 * is left alone. Pure.
 */
const SPOKEN_DAY = /((?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3}))号/g;

export function writtenDates(question: string): string {
  return question.replace(SPOKEN_DAY, "$1日");
}
