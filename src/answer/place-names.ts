/**
 * Places a question can name: provinces, prefecture-level and other large cities, and Shenzhen's
 * districts. A question that names a place is about that place: a document that never mentions it
 * cannot answer it, however well the rest of the question matches ("广州的小巨人有多少家" is not
 * answered from a letter about Shenzhen's).
 */
const PLACES = [
  // Provinces, autonomous regions, municipalities, SARs and regions.
  "北京|上海|天津|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门|珠三角|长三角|京津冀|粤港澳|大湾区",
  // Guangdong's cities.
  "广州|深圳|珠海|汕头|佛山|韶关|湛江|肇庆|江门|茂名|惠州|梅州|汕尾|河源|阳江|清远|东莞|中山|潮州|揭阳|云浮",
  // Shenzhen's districts and zones.
  "福田|罗湖|南山|盐田|宝安|龙岗|龙华|坪山|光明区|大鹏|前海|深汕",
  // Provincial capitals and other large cities.
  "石家庄|太原|沈阳|大连|长春|哈尔滨|南京|苏州|无锡|常州|南通|杭州|宁波|温州|嘉兴|绍兴|金华|台州|合肥|芜湖|福州|厦门|泉州|南昌|济南|青岛|烟台|潍坊|郑州|洛阳|武汉|宜昌|襄阳|长沙|株洲|海口|三亚|成都|绵阳|贵阳|昆明|西安|兰州|西宁|呼和浩特|包头|南宁|柳州|桂林|拉萨|银川|乌鲁木齐|唐山|保定|徐州|扬州|泰州|盐城|鄂尔多斯",
].join("|");

const PLACE_NAME = new RegExp(PLACES, "gu");
const PROVINCES = new Set(
  "河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆".split(
    "|",
  ),
);
/** How a provincial document, or a city's document speaking of its province, names the province. */
const OWN_PROVINCE = /全省|本省|我省|省内/;

/** The places a text names, each once, in the order they first appear. */
export function namedPlaces(text: string): string[] {
  return [...new Set(text.match(PLACE_NAME) ?? [])];
}

/**
 * Whether a passage can answer for the places a question names. A document that names no place of
 * its own at its head (a ministry's notice, a district the list does not know) is given the benefit
 * of the doubt: the question may name a place above the document's ("北京市通州区" for 通州区's
 * notice). A document that does name its own place answers for another place only where the passage
 * itself names it; a province is also met by 全省/本省/省内 ("居全省第一" in a city's letter).
 */
export function placesMet(asked: readonly string[], documentPlaces: readonly string[], passage: string): boolean {
  if (documentPlaces.length === 0) return true;
  return asked.every(
    (p) =>
      documentPlaces.includes(p) ||
      passage.includes(p) ||
      namedInCityRun(p, passage) ||
      (PROVINCES.has(p) && OWN_PROVINCE.test(passage)),
  );
}

/** One-character names of Guangdong's cities, as letters run them together: 深莞惠, 穗莞深, 广佛, 珠中江. */
const CITY_INITIALS: Record<string, string> = {
  深圳: "深",
  东莞: "莞",
  惠州: "惠",
  广州: "穗广",
  佛山: "佛",
  珠海: "珠",
  中山: "中",
  江门: "江",
  汕头: "汕",
  潮州: "潮",
  揭阳: "揭",
  肇庆: "肇",
  河源: "河",
};
const INITIAL = `[${[...new Set(Object.values(CITY_INITIALS).join(""))].join("")}]`;
/** What follows a run of city initials: 三地, 等地, 都市圈, 城际, 边界… — not 珠江三角洲, 深汕合作区 or 江河湖泊. */
const RUN_END = "(?=[两三四五]地|等地|等城市|等市|地区|都市圈|城际|边界|一体化|同城|区域)";
const CITY_RUN = new RegExp(`${INITIAL}(?:、?${INITIAL}){1,3}${RUN_END}`, "gu");

/**
 * Whether a text names a city by its initial in a run of such initials ("深莞惠三地", "在莞、惠等地"):
 * a lone 深 or 中 is a word of its own, and a run names cities only before what names them as places
 * (RUN_END): 珠江 is a river, 深汕 a co-operation zone.
 */
function namedInCityRun(place: string, text: string): boolean {
  const initials = CITY_INITIALS[place];
  if (!initials) return false;
  return [...text.matchAll(CITY_RUN)].some((m) => [...initials].some((c) => m[0].includes(c)));
}
