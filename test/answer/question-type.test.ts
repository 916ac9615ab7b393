import { describe, expect, it } from "vitest";
import { answerShape, answerType, sentenceCarriesType, shapeIsStrict } from "../../src/answer/question-type.js";

describe("a rank in a sentence", () => {
  it("is 排名第51 without 位 or 名, but not an article or a batch number", () => {
    expect(sentenceCarriesType("rank", "2001年福布斯富豪榜排名第51。")).toBe(true);
    expect(sentenceCarriesType("rank", "依照本规程第12条执行。")).toBe(false);
    expect(sentenceCarriesType("rank", "第3批名单已公布。")).toBe(false);
  });
});

describe("answerShape", () => {
  it("reads a figure's noun as the topic when how, why or a name is asked", () => {
    expect(answerShape("港汇指数的加权比重如何制定？")).not.toBe("ratio");
    expect(answerShape("令群众行为转变的数量叫做什么？")).not.toBe("count");
    expect(answerShape("黑额鸣冠雉的数量为什么变少？")).toBe("why");
    expect(answerShape("资助比例是多少，如何计算？")).toBe("ratio");
  });

  it("reads 多长 as a length unless the question is about time", () => {
    expect(answerShape("雌狸大约有多长？")).toBe("distance");
    expect(sentenceCarriesType("distance", "雌狸长65-70厘米，尾巴差不多与雄狸一样长。")).toBe(true);
    expect(answerShape("这个规程的有效期有多长？")).toBe("duration");
    expect(answerShape("审核要多长时间？")).toBe("duration");
  });

  it("reads 最高 and 规模 as asking an amount only where they ask one, not where they describe", () => {
    expect(answerShape("湖南省公安厅交警总队何时启动了最高等级勤务？")).toBe("date");
    expect(answerShape("广西针对规模较大的返程群体提供什么交通服务？")).not.toBe("amount");
    expect(answerShape("平台项目一年最高补多少？")).toBe("amount");
    expect(answerShape("集群的产业规模有多大？")).toBe("amount");
  });

  it("keeps the shapes it already read", () => {
    expect(answerShape("公共技术服务平台扶持计划给多少支持？")).toBe("amount");
    expect(answerShape("专精特新小巨人企业有多少家？")).toBe("count");
    expect(answerShape("该规程什么时候施行？")).toBe("date");
    expect(answerShape("规程的印发文号是什么？")).toBe("docnumber");
    expect(answerShape("都市圈建设有哪些举措？")).toBe("list");
  });

  it.each([
    ["盐龙大道北延工程总投资是多少？", "amount"],
    ["每个知识产权保护工作站每年补贴多少？", "amount"],
    ["佛山智能装备产业的年产值有多大？", "amount"],
    ["鹏城实验室一年的经费预算是多少？", "amount"],
    ["深创赛一等奖的奖金是多少？", "amount"],
    ["2020年深圳技术合同成交额在全国城市里排第几？", "rank"],
    ["小巨人数量在广东省内是什么位次？", "rank"],
    ["深圳都市圈规划里定的几个次中心是哪些地方？", "list"],
    ["数转补贴按项目投资的几成给？", "ratio"],
    ["2020年技术交易金额涨幅是多少？", "ratio"],
    ["中央财政贴息比例是多少？", "ratio"],
    ["申报材料要在多长时间内提交？", "duration"],
    ["初审多久出结果？", "duration"],
    ["补助期限是几个月？", "duration"],
    ["资助计划下达后，资金多少个工作日内拨付到企业账户？", "duration"],
    ["产业园离市中心多远？", "distance"],
    ["集中隔离点距离居民区多少米？", "distance"],
    ["这件提案是经谁转交给工信局办理的？", "organisation"],
    ["政府投资基金暂行办法是哪个部委发的？", "organisation"],
    ["工业和信息化部到哪家企业进行督导检查？", "organisation"],
    ["数转补贴申报的联系人是哪位？", "person"],
    ["国家技术转移南方中心在深圳哪个区？", "place"],
    ["北京市将重点企业的用工需求信息发布在哪？", "place"],
    ["交通那个五年规划编完出台了没有？", "status"],
    ["为什么要对密切接触者医学观察14天？", "why"],
    ["出台数字化转型这个规程的目的是什么？", "why"],
    ["纳税人线上办理领用发票业务的流程是什么？", "how"],
    ["重庆市社保缴费如何“掌上办”？", "how"],
    ["那份中小企业数转补贴规程是真的政策吗？", "yesno"],
    ["抽查结果是否向社会公开？", "yesno"],
    ["珠三角在全国是什么地位？", "general"],
  ])("%s → %s", (question, shape) => {
    expect(answerShape(question)).toBe(shape);
  });

  it("makes figures strict and the other kinds a preference", () => {
    for (const s of ["amount", "ratio", "count", "date", "duration", "distance", "docnumber"] as const)
      expect(shapeIsStrict(s)).toBe(true);
    for (const s of ["organisation", "person", "place", "why", "how", "list", "yesno", "status", "general"] as const)
      expect(shapeIsStrict(s)).toBe(false);
  });
});

describe("sentenceCarriesType", () => {
  it("finds a duration, not a year, a day of a month or a year of account", () => {
    const yes = [
      "申报单位应当在申报指南发布之日起30个工作日内通过市工信局网上办事平台提交申报材料。",
      "本规程自2020年3月1日起施行，有效期3年。",
      "可在半小时内快速到达广州、东莞、惠州、河源市城区。",
      "评审结果在市工信局网站公示7日。",
      "补助期限为三十天。",
      "获得资助的企业应当在项目验收后2年内报送项目运营情况。",
    ];
    const no = [
      "市工信局每年3月发布申报指南。",
      "每年12月31日前报送项目运营情况。",
      "同一企业同一年度只能申报一个数字化转型项目。",
      "2020年，我市技术合同数量和交易额呈稳步增长态势。",
    ];
    for (const s of yes) expect(sentenceCarriesType("duration", s), s).toBe(true);
    for (const s of no) expect(sentenceCarriesType("duration", s), s).toBe(false);
  });

  it("finds a distance, not a speed", () => {
    expect(sentenceCarriesType("distance", "园区距离深圳北站约15公里。")).toBe(true);
    expect(sentenceCarriesType("distance", "集中隔离点与居民区间隔不少于500米。")).toBe(true);
    expect(sentenceCarriesType("distance", "距市区半小时车程。")).toBe(true);
    expect(sentenceCarriesType("distance", "运行速度达250公里每小时以上的高速铁路。")).toBe(false);
  });

  it("finds a ratio, not a bare sum", () => {
    expect(sentenceCarriesType("ratio", "按照不超过项目审定投资额的20%给予资助。")).toBe(true);
    expect(sentenceCarriesType("ratio", "复工率达到百分之七十七。")).toBe(true);
    expect(sentenceCarriesType("ratio", "单个项目资助金额最高不超过200万元。")).toBe(false);
  });

  it("finds an organisation by the kind of body it names", () => {
    for (const s of [
      "市政协办公厅转来市政协七届一次会议第20210384号提案。",
      "根据财政部印发的《政府投资基金暂行管理办法》。",
      "九三学社深圳市委会：",
      "本规程由市工信局负责解释。",
      "工业和信息化部督导组到北京北铃专用汽车有限公司进行检查。",
    ])
      expect(sentenceCarriesType("organisation", s), s).toBe(true);
    for (const s of ["形成中心引领、轴带支撑、圈层联动的发展格局。", "全部落实到位。"])
      expect(sentenceCarriesType("organisation", s), s).toBe(false);
  });

  it("finds a place by its suffix or its name", () => {
    expect(sentenceCarriesType("place", "上海杨浦区江浦路街道制定了疫情防控工作手册。")).toBe(true);
    expect(sentenceCarriesType("place", "以深圳、东莞为核心，打造世界级电子信息产业集群。")).toBe(true);
    expect(sentenceCarriesType("place", "建设国家技术转移南方中心，推动形成技术转移和成果转化新格局。")).toBe(false);
  });

  it("finds a reason, a procedure, a list", () => {
    expect(
      sentenceCarriesType(
        "why",
        "第一条 为规范中小企业数字化转型扶持计划的组织实施，提高财政资金使用效益，制定本规程。",
      ),
    ).toBe(true);
    expect(sentenceCarriesType("why", "由于疫情影响，暂停对外办公。")).toBe(true);
    expect(sentenceCarriesType("why", "资助资金一次性拨付至申报单位的银行账户。")).toBe(false);
    expect(sentenceCarriesType("how", "登录电子税务局后选择“我要办税”，进入“发票领用”申请发票。")).toBe(true);
    expect(sentenceCarriesType("how", "目前该扶持计划已到期。")).toBe(false);
    expect(sentenceCarriesType("list", "聚焦集成电路、5G通信、高端装备、医疗器械等重点领域。")).toBe(true);
    expect(sentenceCarriesType("list", "本规程由市工信局负责解释。")).toBe(false);
  });
});

describe("answerType", () => {
  it("asks a question naming a level of place for a place of that level", () => {
    const t = answerType("国家技术转移南方中心在深圳哪个区？");
    expect(t.strict).toBe(true);
    expect(t.carries("国家技术转移南方中心位于深圳市福田区。")).toBe(true);
    expect(t.carries("建设国家技术转移南方中心，推动形成技术转移和成果转化新格局。")).toBe(false);
    expect(t.carries("出台《深圳经济特区技术转移条例》。")).toBe(false);
    expect(answerType("电子信息集群除了深圳，另一个核心城市是哪里？").strict).toBe(false);
  });
});

describe("count questions and the measure word they count in", () => {
  it("when a measure word is asked, then a figure counted in its kind answers, and 个 only before the noun asked", () => {
    const companies = answerType("数转补贴到目前为止一共补了多少家企业？");
    expect(companies.carries("截至目前，共有28家企业获得资助。")).toBe(true);
    expect(companies.carries("共资助12个企业的数字化改造项目。")).toBe(true);
    // The figure counts projects, not companies.
    expect(companies.carries("同一企业同一年度只能申报一个数字化转型项目。")).toBe(false);
    expect(companies.carries("评审会议共召开3次。")).toBe(false);
  });

  it("when the question names no noun after the measure word, then any 个-figure answers", () => {
    const platforms = answerType("生产性服务业的公共平台认定了多少家？");
    expect(platforms.carries("共认定15个深圳市生产性服务业公共服务平台。")).toBe(true);
    const people = answerType("一共培训了多少人？");
    expect(people.carries("累计培训技术骨干1200名。")).toBe(true);
    expect(people.carries("累计开展培训30场。")).toBe(false);
  });
});

describe("questions about what it takes to qualify", () => {
  it("reads 满足什么条件 / 什么条件才能 as a condition, not 提出了什么要求 or 有利条件", () => {
    expect(answerShape("申报市级企业技术中心需要满足什么条件？")).toBe("condition");
    expect(answerShape("标杆示范项目要达到什么条件才能评上？")).toBe("condition");
    expect(answerShape("申报数转补贴的企业有哪些条件？")).toBe("condition");
    expect(answerShape("通知对信息与数据提出了什么要求？")).not.toBe("condition");
    expect(answerShape("精准招商时深圳的有利条件有哪些？")).not.toBe("condition");
  });

  it("is answered only by a sentence stating a requirement", () => {
    const t = answerType("申报市级企业技术中心需要满足什么条件？");
    expect(t.strict).toBe(true);
    expect(t.carries("申报单位应当在本市注册，且上年度研发投入不低于500万元。")).toBe(true);
    expect(t.carries("全市共有市级技术中心298家，国家级技术中心35家。")).toBe(false);
  });
});

describe("questions about what a figure is set by", () => {
  it("reads 看什么来定 / 根据什么确定 as the basis, not the amount, and prefers a sentence naming it", () => {
    expect(answerShape("补多少钱主要看什么来定？")).toBe("basis");
    expect(answerShape("资助金额根据什么确定？")).toBe("basis");
    expect(answerShape("补多少钱？")).toBe("amount");
    const t = answerType("补多少钱主要看什么来定？");
    expect(t.strict).toBe(false);
    expect(t.carries("专家评审意见作为资助金额核定的主要依据。")).toBe(true);
    expect(t.carries("单个项目资助金额最高不超过200万元。")).toBe(false);
  });
});

describe("questions about what a term means", () => {
  it("prefers the sentence opening with the term and 是 / 是指 / 意为, not any sentence with 是", () => {
    const law = answerType("个保法里敏感个人信息的定义在第几条");
    expect(law.shape).toBe("definition");
    expect(law.carries("第二十八条 敏感个人信息是一旦泄露或者非法使用，容易导致……的个人信息")).toBe(true);
    expect(law.carries("第二十九条 处理敏感个人信息应当取得个人的单独同意")).toBe(false);
    const name = answerType("齿河盗龙的属名是什么意思？");
    expect(name.carries("齿河盗龙的属名意为「齿河的盗贼」。")).toBe(true);
    expect(name.carries("尤其是恐爪龙下目、似鸟龙形类。")).toBe(false);
    expect(answerType("什么叫专精特新企业？").carries("本办法所称专精特新企业，是指……的中小企业。")).toBe(true);
  });
});

describe("words that look like a figure's but name something else", () => {
  it("reads 最高人民法院 as a court, and 多长 as a length only where something has one", () => {
    expect(answerShape("最高人民法院关于适用民法典的解释什么时候施行？")).toBe("date");
    expect(answerShape("最高人民检察院发布了哪些规定？")).not.toBe("amount");
    expect(answerShape("公示要多长？")).toBe("duration");
    expect(answerShape("观塘明渠下游露天部分有多长？")).toBe("distance");
  });
});

describe("a figure's word as the topic of a question asking which", () => {
  it("reads 哪些企业…优惠利率 as asking for the companies, not the rate", () => {
    expect(answerShape("从1月26日起，农发行将主要对哪些企业实行优惠利率政策？")).not.toBe("ratio");
    expect(answerShape("优惠利率是多少？")).toBe("ratio");
  });
});

describe("a rank in a sentence, not a quarter or a round", () => {
  it("does not read 第3季度 or 第2轮 as a place in a ranking", () => {
    const rank = answerType("深圳工业增加值在全国排第几？");
    expect(rank.carries("深圳工业增加值居全国城市第1位。")).toBe(true);
    expect(rank.carries("第3季度工业增加值增长5%。")).toBe(false);
    expect(rank.carries("第2轮评审于5月结束。")).toBe(false);
  });
});
