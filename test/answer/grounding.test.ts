import { describe, expect, it } from "vitest";
import {
  checkGrounding,
  extractNumericFacts,
  normalizeFigures,
  validityClaims,
  validityGrounded,
} from "../../src/answer/grounding.js";

const PASSAGE = "按照不超过申报单位上年度实际投资额的30%给予扶持，且年度最高不超过500万元（目前该扶持计划已到期）。";

describe("grounding", () => {
  it("extracts numbers, amounts, percentages and dates but not citation markers", () => {
    expect(extractNumericFacts("最高五百万元[1]，比例30%，2021年10月22日")).toEqual(["2021年10月22日", "500万", "30%"]);
  });
  it("accepts an answer whose figures are all in the evidence, in any notation", () => {
    expect(checkGrounding("最高不超过五百万元，比例３０％[1]。", [PASSAGE]).ok).toBe(true);
  });
  it("rejects a figure the evidence does not hold, even as part of a longer one", () => {
    expect(checkGrounding("最高不超过600万元[1]。", [PASSAGE])).toEqual({ ok: false, ungrounded: ["600万"] });
    expect(checkGrounding("比例为3%。", [PASSAGE]).ungrounded).toEqual(["3%"]);
    expect(checkGrounding("最高50万元。", [PASSAGE]).ok).toBe(false);
    expect(checkGrounding("最高500元[1]。", [PASSAGE]).ungrounded).toEqual(["500"]);
    expect(checkGrounding("比例为30。", [PASSAGE]).ungrounded).toEqual(["30"]);
    expect(checkGrounding("总额500万元。", ["总额500万亿元"]).ungrounded).toEqual(["500万"]);
    expect(checkGrounding("依据深工信规[2020]3号[1]。", ["深工信规〔2019〕3号"]).ungrounded).toEqual(["2020"]);
    expect(checkGrounding("依据深工信规[2019]3号[1]。", ["深工信规〔2019〕3号"]).ok).toBe(true);
    // The digits of a decimal are not a figure of their own.
    expect(checkGrounding("利率下调0.3个百分点。", ["利率下调10.3个百分点"]).ungrounded).toEqual(["0.3"]);
    expect(checkGrounding("下调3个百分点。", ["下调0.3个百分点"]).ungrounded).toEqual(["3"]);
  });

  it("accepts a quote whose figures follow a dot that ends no decimal (a web address)", () => {
    const quote = "群众可登录互联网交通安全综合服务管理平台（www.122.gov.cn）或者“交管12123”手机APP办理25项业务。";
    expect(checkGrounding(`据《通知》：${quote}[1]`, [quote])).toEqual({ ok: true, ungrounded: [] });
    const version = "它是iTunes4.5和QuickTime6.5.1的一部分。";
    expect(checkGrounding(`${version}[1]`, [version])).toEqual({ ok: true, ungrounded: [] });
    expect(checkGrounding("QuickTime6.5.2[1]", [version]).ungrounded).toEqual(["6.5.2"]);
    const isbn = "爬虫的同盟。511 页国际标准书号 1-893777-00-6 （系列）。";
    expect(checkGrounding(`${isbn}[1]`, [isbn])).toEqual({ ok: true, ungrounded: [] });
  });
  it("matches dates written differently", () => {
    expect(checkGrounding("截至2021年10月22日答复时", ["2021-10-22"]).ok).toBe(true);
    expect(checkGrounding("截至2021年10月23日答复时", ["2021年10月22日"]).ok).toBe(false);
  });

  describe("financial numerals (大写)", () => {
    it("reads them as amounts on both sides", () => {
      expect(normalizeFigures("人民币捌佰万元整")).toBe("人民币800万元整");
      expect(normalizeFigures("壹仟贰佰万元")).toBe("1200万元");
      expect(normalizeFigures("壹佰零伍万元")).toBe("105万元");
      expect(normalizeFigures("伍拾万元")).toBe("50万元");
      expect(normalizeFigures("拾万元")).toBe("10万元");
      expect(normalizeFigures("壹亿贰仟万元")).toBe("1.2亿元");
      expect(checkGrounding("最高800万元[1]。", ["最高资助人民币捌佰万元整。"]).ok).toBe(true);
      expect(checkGrounding("最高捌佰万元[1]。", ["最高资助800万元。"]).ok).toBe(true);
      expect(checkGrounding("总额1.2亿元[1]。", ["总额壹亿贰仟万元。"]).ok).toBe(true);
    });
    it("still catches a wrong amount", () => {
      expect(checkGrounding("最高800万元[1]。", ["最高资助人民币捌拾万元整。"]).ungrounded).toEqual(["800万"]);
      expect(checkGrounding("最高玖佰万元[1]。", ["最高资助800万元。"]).ungrounded).toEqual(["900万"]);
      expect(checkGrounding("最高1200万元[1]。", ["壹仟贰佰元"]).ungrounded).toEqual(["1200万"]);
      expect(checkGrounding("总额1.2亿元[1]。", ["总额壹亿贰佰万元。"]).ok).toBe(false);
    });
    it("leaves the same characters alone outside an amount", () => {
      expect(normalizeFigures("陆家嘴金融城")).toBe("陆家嘴金融城");
      expect(extractNumericFacts("加强人才队伍建设")).toEqual([]);
    });
  });

  describe("成, 倍 and 半", () => {
    it("reads 成 as a share", () => {
      expect(extractNumericFacts("按八成给予补贴")).toEqual(["80%"]);
      expect(extractNumericFacts("两成")).toEqual(["20%"]);
      expect(extractNumericFacts("约七成五的企业")).toEqual(["75%"]);
      expect(extractNumericFacts("七成半")).toEqual(["75%"]);
      expect(extractNumericFacts("按一成收取")).toEqual(["10%"]);
      expect(checkGrounding("按80%给予补贴[1]。", ["按八成给予补贴。"]).ok).toBe(true);
      expect(checkGrounding("按八成给予补贴[1]。", ["按80%给予补贴。"]).ok).toBe(true);
    });
    it("catches a wrong share, and a share that was never one", () => {
      expect(checkGrounding("按八成给予补贴[1]。", ["按70%给予补贴。"]).ungrounded).toEqual(["80%"]);
      expect(checkGrounding("按七成五给予补贴[1]。", ["按七成给予补贴。"]).ungrounded).toEqual(["75%"]);
      // 70% of them and 5 firms, not 75%.
      expect(extractNumericFacts("七成5家企业")).toEqual(["70%", "5"]);
      expect(checkGrounding("按10%补贴[1]。", ["统一成本核算，一成不变"]).ungrounded).toEqual(["10%"]);
      expect(extractNumericFacts("第三成员单位、一成不变、统一成本、三成本")).toEqual(["3"]);
    });
    it("keeps 倍 with its figure", () => {
      expect(extractNumericFacts("提高两倍")).toEqual(["2倍"]);
      expect(checkGrounding("最高可达2倍[1]。", ["最高可达两倍。"]).ok).toBe(true);
      expect(checkGrounding("最高可达3倍[1]。", ["最高可达两倍。"]).ungrounded).toEqual(["3倍"]);
      // 2家 is not 2倍, either way round.
      expect(checkGrounding("最高可达2倍[1]。", ["支持2家企业"]).ok).toBe(false);
      expect(checkGrounding("支持2家企业[1]。", ["最高可达2倍"]).ok).toBe(false);
    });
    it("reads 一半 / 半数 as 50% and a duration of 半年 as 6个月, but not 上半年", () => {
      expect(checkGrounding("不超过总投资的50%[1]。", ["不超过总投资的一半。"]).ok).toBe(true);
      expect(checkGrounding("不超过总投资的一半[1]。", ["不超过总投资的40%。"]).ungrounded).toEqual(["50%"]);
      expect(checkGrounding("每6个月报送一次[1]。", ["每半年报送一次。"]).ok).toBe(true);
      expect(checkGrounding("每半年报送一次[1]。", ["每3个月报送一次。"]).ungrounded).toEqual(["6个月"]);
      expect(checkGrounding("6年内有效[1]。", ["每半年报送一次。"]).ok).toBe(false);
      expect(extractNumericFacts("上半年、下半年、半年度、半导体")).toEqual([]);
      expect(extractNumericFacts("统一半导体标准")).toEqual([]);
    });
  });

  describe("validity statements", () => {
    it("reads what a text says about a scheme being in force or ended", () => {
      expect(validityClaims("该计划目前仍可申请。")).toEqual({ inForce: true, ended: false });
      expect(validityClaims("该办法仍然有效，正在实施。")).toEqual({ inForce: true, ended: false });
      expect(validityClaims("目前该扶持计划已到期。")).toEqual({ inForce: false, ended: true });
      expect(validityClaims("该政策于2023年底到期。")).toEqual({ inForce: false, ended: true });
      expect(validityClaims("本办法自2022年1月1日起废止。")).toEqual({ inForce: false, ended: true });
      expect(validityClaims("目前不可以申请，该政策不再有效。")).toEqual({ inForce: false, ended: true });
    });
    it("does not read a validity period, another document's repeal or a condition as a claim", () => {
      const none = { inForce: false, ended: false };
      expect(validityClaims("本规程自2020年1月1日起施行，有效期3年。")).toEqual(none);
      expect(validityClaims("原《深圳市技术改造办法》同时废止。")).toEqual(none);
      expect(validityClaims("逾期未申报的，资格自动失效。")).toEqual(none);
      expect(validityClaims("项目到期后进行验收，有效推动产业发展。")).toEqual(none);
    });
    it("withholds 'in force' against an ended source, and 'ended' no source states", () => {
      expect(validityGrounded("该扶持计划目前仍可申请[1]。", [PASSAGE])).toBe(false);
      expect(validityGrounded("该扶持计划仍在执行[1]。", [PASSAGE])).toBe(false);
      expect(validityGrounded("企业现在还能申请[1]。", ["本办法自2022年1月1日起废止。"])).toBe(false);
      expect(validityGrounded("该计划已到期[1]。", [PASSAGE])).toBe(true);
      expect(validityGrounded("该办法已废止[1]。", ["本办法自2020年1月1日起施行，有效期5年。"])).toBe(false);
      expect(validityGrounded("该办法仍然有效[1]。", ["本办法自2020年1月1日起施行，有效期5年。"])).toBe(true);
      expect(validityGrounded("符合条件的企业可以申请[1]。", ["对符合条件的企业给予资助。"])).toBe(true);
      expect(validityGrounded("最高不超过500万元[1]。", [PASSAGE])).toBe(true);
    });
  });
});
