import { describe, expect, it } from "vitest";
import { namedPlaces, placesMet } from "../../src/answer/place-names.js";

describe("namedPlaces", () => {
  it("finds provinces, cities and districts once each, in order", () => {
    expect(namedPlaces("广东省广州市和深圳市南山区，再说一次广州")).toEqual(["广东", "广州", "深圳", "南山"]);
    expect(namedPlaces("数字化转型最多补多少？")).toEqual([]);
  });
});

describe("placesMet", () => {
  it("gives a document without a place of its own the benefit of the doubt", () => {
    expect(placesMet(["武汉"], [], "财政部预拨补助资金80亿元")).toBe(true);
  });

  it("needs another place than the document's own to be named in the passage", () => {
    expect(placesMet(["东莞"], ["深圳"], "单个项目最高补助100万元")).toBe(false);
    expect(placesMet(["广州"], ["深圳"], "广州、深圳各有国家级小巨人企业")).toBe(true);
    expect(placesMet(["深圳"], ["深圳"], "单个项目最高补助100万元")).toBe(true);
  });

  it("meets a province by 全省 or 省内 in the passage", () => {
    expect(placesMet(["广东"], ["深圳"], "数量居全省第一")).toBe(true);
    expect(placesMet(["广东"], ["深圳"], "数量居全国第一")).toBe(false);
  });
});

describe("cities named by their initials", () => {
  it("meets 东莞 and 惠州 in a run of initials (深莞惠, 莞、惠等地), not in a lone character", () => {
    expect(placesMet(["东莞", "惠州"], ["深圳"], "在莞、惠等地围绕深圳链主企业需求，布局产业链上下游环节。")).toBe(
      true,
    );
    expect(placesMet(["惠州"], ["深圳"], "加强深莞惠边界道路对接。")).toBe(true);
    expect(placesMet(["广州"], ["深圳"], "推进穗莞深城际建设。")).toBe(true);
    // 中 and 惠 as words of their own name no city.
    expect(placesMet(["中山"], ["深圳"], "在全市中小企业中推广。")).toBe(false);
    expect(placesMet(["惠州"], ["深圳"], "为企业提供普惠金融服务。")).toBe(false);
  });
});

describe("runs of initials that are words, not cities", () => {
  it("does not read 珠江, 深汕 or 江河 as naming 珠海, 汕头 or 河源", () => {
    expect(placesMet(["珠海"], ["深圳"], "推动珠江三角洲地区协同发展。")).toBe(false);
    expect(placesMet(["汕头"], ["深圳"], "深汕特别合作区建设加快推进。")).toBe(false);
    expect(placesMet(["河源"], ["深圳"], "加强江河湖泊治理。")).toBe(false);
  });
});
