"""The quantity grammar as an example table: cell, the figure as written, and what it parses to.

Cases are grouped by where they came from: the bundled report, the traps it holds, and forms
added to cover the grammar. A case is one line; add a line to add a case.
"""

import unicodedata
from decimal import Decimal as D
from typing import NamedTuple

import pytest

from pipeline.quantities import find_quantities, parse_chinese


class Example(NamedTuple):
    cell: str
    text: str  # the figure as written, found by its span
    value: D | None
    unit: str | None
    comparator: str | None = None
    skip: str | None = None
    direction: str | None = None
    upper: D | None = None
    approximate: bool = False
    malformed: bool = False


BUNDLED = [
    Example("实现技术合同交易额200亿元。", "200亿元", D("20000000000"), "元"),
    Example("1.2023年,技术交易额完成213.83亿元。", "213.83亿元", D("21383000000"), "元"),
    Example("新增国家高新技术企业500家、科技型中小企业900家。", "500家", D(500), "家"),
    Example("新增国家高新技术企业500家、科技型中小企业900家。", "900家", D(900), "家"),
    Example("PM2.5浓度维持在35微克每立方米以下,空气优良率稳定在80%以上。", "35微克每立方米", D(35), "微克每立方米", "<="),
    Example("PM2.5浓度维持在35微克每立方米以下,空气优良率稳定在80%以上。", "80%", D(80), "%", ">="),
    Example("2023年,余杭区PM2.5平均浓度为30.3微克/立方米,空气优良率88.5%。", "30.3微克/立方米", D("30.3"), "微克每立方米"),
    Example("新增光伏装机容量3.0万千瓦以上。", "3.0万千瓦", D(30000), "千瓦", ">="),
    Example("全年实际利用外资10亿美元。", "10亿美元", D(1000000000), "美元"),
    Example("全年实际利用外资8.89亿美元", "8.89亿美元", D(889000000), "美元"),
    Example("有效发明专利拥有量突破10000件", "10000件", D(10000), "件", ">="),
    Example("其中高价值专利拥有量达3600件以上。", "3600件", D(3600), "件", ">="),
    Example("新增孵化载体30个、物理空间160万平方米", "160万平方米", D(1600000), "平方米"),
    Example("人才总量达到40万名以上。", "40万名", D(400000), "名", ">="),
    Example("新增储备人才5万余名,人才资源总量超40万。", "5万余名", D(50000), "名", ">=", approximate=True),
    Example("新增储备人才5万余名,人才资源总量超40万。", "40万", D(400000), None, ">", approximate=True),
    Example("全年实际完成投资居全省第1位,完成全年计划122%。", "122%", D(122), "%"),
    Example("实现社会消费品零售总额增速3.2%;", "3.2%", D("3.2"), "%", direction="growth"),
    Example("实现社会消费品零售总额、网络零售额均增长8%。", "8%", D(8), "%", direction="growth"),
    Example("2023年全区累计实现规模工业增加值增速-4%,降幅逐月收窄", "-4%", D(-4), "%", direction="growth"),
    Example("据初步测算,2023年余杭区全体居民收入同比增长5.5 %,其中", "5.5 %", D("5.5"), "%", direction="growth"),
    Example("全年低收入农户人均可支配收入增长超11%。", "11%", D(11), "%", ">", direction="growth", approximate=True),
    Example("2023年,全区完成固定资产投资1020.99亿元,增长7.6%", "1020.99亿元", D("102099000000"), "元"),
    Example("全力打造固定资产投资超1000亿的标志性成果。", "1000亿", D("100000000000"), "元", ">", approximate=True),
    Example("做地、储备、出让分别达到3000亩、2800亩、2200亩以上", "2200亩", D(2200), "亩", ">="),
    Example("前置完成2500余亩土地文物勘探。", "2500余亩", D(2500), "亩", ">=", approximate=True),
    Example("组织开展“美丽洲”等系列文化惠民活动200余场。", "200余场", D(200), "场", ">=", approximate=True),
    Example("组织“美丽洲”等系列文化惠民活动100场次", "100场次", D(100), "场"),
    Example("累计收集300+条成果转化供需信息", "300+条", D(300), "条", ">=", approximate=True),
    Example("人均体育场地面积约2.65平方米。", "2.65平方米", D("2.65"), "平方米", "~", approximate=True),
    Example("人均体育场地面积达2.65平方米以上。", "2.65平方米", D("2.65"), "平方米", ">="),
    Example("城镇调查失业率控制在5%以内", "5%", D(5), "%", "<="),
    Example("基本养老保险参保率稳定在99%左右。", "99%", D(99), "%", "~", approximate=True),
    Example("政务2.0事项“一网通办”率约为98%。", "98%", D(98), "%", "~", approximate=True),
    Example("每千人床位数约5.02张。", "5.02张", D("5.02"), "张", "~", approximate=True),
    Example("安置房、公租房、人才房开工4600套,竣工1.2万套。", "1.2万套", D(12000), "套"),
    Example("拆除违法建筑40万平方米。", "40万平方米", D(400000), "平方米"),
    Example("全区违建处置75.14万方,完成年度任务187.85%。", "75.14万方", D(751400), "平方米"),
    Example("全区违建处置75.14万方,完成年度任务187.85%。", "187.85%", D("187.85"), "%"),
    Example("数字健康产业园总建筑面积5.2万方", "5.2万方", D(52000), "平方米"),
    Example("商品房销售面积239.1万方,增长8.2%。", "239.1万方", D(2391000), "平方米"),
    Example("编制22个单元、942平方公里详细规划", "942平方公里", D(942000000), "平方米"),
    Example("消纳能力达到800万吨以上。", "800万吨", D(8000000), "吨", ">="),
    Example("新增碳账户130个。", "130个", D(130), "个"),
    Example("储备量不少于3个月。", "3个月", D(3), "月", ">="),
    Example("城镇新增就业3万人以上", "3万人", D(30000), "人", ">="),
    Example("全区城镇新增就业36202人", "36202人", D(36202), "人"),
    Example("接待来余游客740万人次", "740万人次", D(7400000), "人次"),
    Example("规范化建设避灾安置场所20处。", "20处", D(20), "处"),
    Example("健全区级专业队伍22支", "22支", D(22), "支"),
    Example("打造省现代化学校等示范标杆学校20所", "20所", D(20), "所"),
    Example("引进高层次卫生人才不少于100人", "100人", D(100), "人", ">="),
    Example("2023年新增备案托位3058个,千人托位数4.1", "3058个", D(3058), "个"),
    Example("已立项实施高标准农田新建项目2004亩和改造提升9203亩,共计11207亩", "11207亩", D(11207), "亩"),
]

TRAPS = [
    Example("1.2023年,技术交易额完成213.83亿元。", "1.", None, None, skip="list_marker"),
    Example("1.2023年,技术交易额完成213.83亿元。", "2023年", D(2023), "年", skip="year"),
    Example("4.2023年1-9月,全区接待游客760.3万人次", "4.", None, None, skip="list_marker"),
    Example("4.2023年1-9月,全区接待游客760.3万人次", "1-9月", None, None, skip="period"),
    Example("1.110项创建任务指标均已完成", "1.", None, None, skip="list_marker"),
    Example("1.110项创建任务指标均已完成", "110项", D(110), "项"),
    Example("完成土建2标招标工作。 2.320国道杭州博陆至仁和段", "2.", None, None, skip="list_marker"),
    Example("完成土建2标招标工作。 2.320国道杭州博陆至仁和段", "320国道", None, None, skip="name"),
    Example("领导批示21件(次)。 2..深入全域调研", "2..", None, None, skip="list_marker"),
    Example("2.1-9月,实现数字经济核心产业增加值1413.82亿元", "1-9月", None, None, skip="period"),
    Example("2023年,我区新增完成光伏装机容量4.895..87万千瓦,同比增长", "4.895..87万千瓦", None, "千瓦", malformed=True),
    Example("其中50亿元以上项目4个,20-50亿元项目6个,10-20亿元项目10个", "20-50亿元", D(2000000000), "元", "range", upper=D(5000000000)),
    Example("市控以上断面水质Ⅰ-Ⅲ类比例达到100%。", "100%", D(100), "%", ">="),
    Example("狠抓“千项万亿”、省市重点项目", "千项万亿", None, None),
    Example("统筹土地“三个计划”", "三个计划", None, None),
    Example("落实食品安全“两个责任”", "两个责任", None, None),
    Example("持续攻坚共同富裕“十大支点项目”", "十大", None, None),
    Example("完成5G基站建设451个", "5G", None, None, skip="name"),
    Example("完成5G基站建设451个", "451个", D(451), "个"),
    Example("聚焦打造“5+1”产业生态圈", "5+1", None, None, skip="name"),
    Example("构建“1+8+X”大救助工作格局", "1+8+X", None, None, skip="name"),
    Example("制定实施“强信心拼经济”36条实施意见", "36条实施意见", None, None, skip="name"),
    Example("实现政务2.0事项“一网通办”率95%以上", "政务2.0", None, None, skip="name"),
    Example("PM2.5浓度维持在35微克每立方米以下", "PM2.5", None, None, skip="name"),
    Example("办好TR35等品牌活动", "TR35", None, None, skip="name"),
    Example("瞄准世界500强、补链强链", "500", None, None, skip="name"),
    Example("保障地铁5号线西延", "5号线", None, None, skip="name"),
    Example("建成“15分钟品质文化生活圈”35个", "15", None, None, skip="name"),
    Example("全面推进“141”基层治理体系", "141", None, None, skip="name"),
    Example("集中展示5000多年良渚文化、2000多年运河文化", "5000多年", None, None, skip="history"),
    Example("集中展示5000多年良渚文化、2000多年运河文化", "2000多年", None, None, skip="history"),
    Example("改革开放45周年等文艺精品项目5个", "45", None, None, skip="history"),
    Example("其中10亿元以上项目不少于50个", "10亿元", D(1000000000), "元", ">=", skip="threshold"),
    Example("其中10亿元以上项目不少于50个", "50个", D(50), "个", ">="),
    Example("招引亿元以上重大项目80个", "亿元", None, None),  # a bare unit is never a quantity
    Example("全面消除经营性收入120万以下相对薄弱村", "120万", D(1200000), "元", "<=", skip="threshold"),
    Example("国际人力资源产业园于9月27日开园", "9月27日", None, None, skip="date"),
    Example("圣钘能源已于9月1日报经区级同意", "9月1日", None, None, skip="date"),
    Example("较1-11月收窄0.5个百分点", "1-11月", None, None, skip="period"),
    Example("较1-11月收窄0.5个百分点", "0.5个百分点", D("0.5"), "百分点"),
    Example("创业集市提升改造项目商业运营单位选定中?。", "?", None, None),
    Example("形成中国体育彩票_澳客彩票网-游戏平台实物投资量", "-", None, None),
    Example("站北综合体东区地上5层结构施工完成,西区地下室-1层结构施工中", "-1层", None, None),
]

FORMS = [
    Example("新增企业三千家", "三千家", D(3000), "家"),
    Example("引进人才一百二十名", "一百二十名", D(120), "名"),
    Example("杭二中教师团队正式入驻两所余杭学校", "两所", D(2), "所"),
    Example("甄选十个优秀基本单元", "十个", D(10), "个"),
    Example("建成二十五处", "二十五处", D(25), "处"),
    Example("新增三十万平方米", "三十万平方米", D(300000), "平方米"),
    Example("新增１２０家企业", "１２０家", D(120), "家"),
    Example("投资３．５亿元", "３．５亿元", D(350000000), "元"),
    Example("产值1,200万元", "1,200万元", D(12000000), "元"),
    Example("投资1,234,567元", "1,234,567元", D(1234567), "元"),
    Example("面积12.5公顷", "12.5公顷", D(125000), "平方米"),
    Example("新建道路3.2公里", "3.2公里", D("3.2"), "公里"),
    Example("铺设管网800米", "800米", D("0.8"), "公里"),
    Example("装机容量5兆瓦", "5兆瓦", D(5000), "千瓦"),
    Example("处理能力500公斤", "500公斤", D("0.5"), "吨"),
    Example("增长6.5%—7%", "6.5%—7%", D("6.5"), "%", "range", direction="growth", upper=D(7)),
    Example("下降3%", "3%", D(3), "%", direction="reduction"),
    Example("单位GDP能耗降低3.5%", "3.5%", D("3.5"), "%", direction="reduction"),
    Example("不超过2000吨", "2000吨", D(2000), "吨", "<="),
    Example("低于5%", "5%", D(5), "%", "<"),
    Example("少于10起", "10起", D(10), "起", "<"),
    Example("超过300家", "300家", D(300), "家", ">", approximate=True),
    Example("高于全市平均4.8个百分点", "4.8个百分点", D("4.8"), "百分点"),
    Example("不少于50个", "50个", D(50), "个", ">="),
    Example("控制在100万吨以内", "100万吨", D(1000000), "吨", "<="),
    Example("入驻员工2500余人", "2500余人", D(2500), "人", ">=", approximate=True),
    Example("全年新招引人力资源机构90多家", "90多家", D(90), "家", ">=", approximate=True),
    Example("完成约90%", "90%", D(90), "%", "~", approximate=True),
    Example("签约率达95%以上,流转毛竹林", "95%", D(95), "%", ">="),
    Example("年度任务完成率185%。", "185%", D(185), "%"),
    Example("新增1000亿元", "1000亿元", D(100000000000), "元"),
    Example("总投资超1860亿元", "1860亿元", D(186000000000), "元", ">", approximate=True),
    Example("预计增补园区6个", "6个", D(6), "个"),
    Example("完成年度新增建设用地2500亩的任务", "2500亩", D(2500), "亩"),
    Example("千人托位数4.1,普惠托位占比81%", "81%", D(81), "%"),
    Example("服务时长超4000小时", "4000小时", D(4000), "小时", ">", approximate=True),
    Example("提前5个月完工", "5个月", D(5), "月"),
    Example("连续5年被评定", "5年", D(5), "年"),
    Example("共接种2824针次", "2824针次", D(2824), "针次"),
    Example("1. 2023年,全区实现数字经济核心产业增加值1998.5亿元", "1.", None, None, skip="list_marker"),
    Example("1. 2023年,全区实现数字经济核心产业增加值1998.5亿元", "1998.5亿元", D(199850000000), "元"),
    Example("截至三季度,全区规上文化企业数量达168家", "168家", D(168), "家", ">="),
    Example("1.2万套", "1.2万套", D(12000), "套"),
]

CASES = [*BUNDLED, *TRAPS, *FORMS]


def _find(quantities, cell, text):
    for q in quantities:
        if cell[q.start:q.end] == text:
            return q
    return None


@pytest.mark.parametrize("example", CASES, ids=[f"{e.cell[:12]}|{e.text}" for e in CASES])
def test_example(example, vocab):
    quantities = find_quantities(example.cell, vocab)
    q = _find(quantities, example.cell, example.text)
    if example.value is None and example.skip is None and not example.malformed:
        assert q is None, f"{example.text!r} must not be read as a number"
        return
    assert q is not None, f"{example.text!r} not found in {[x.text for x in quantities]}"
    assert q.text == example.text
    assert q.skip == example.skip
    if example.skip in (None, "threshold"):
        assert q.value == example.value
        assert q.unit == example.unit
    if example.comparator is not None or example.skip is None:
        assert q.comparator == example.comparator
    assert q.direction == example.direction
    assert q.upper == example.upper
    assert q.approximate == example.approximate or example.skip is not None
    assert q.malformed == example.malformed


def test_at_least_one_hundred_cases():
    assert len(CASES) >= 100


@pytest.mark.parametrize("text,value", [
    ("三千", 3000), ("一百二十", 120), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20),
    ("三十万", 300000), ("一万二千", 12000), ("五亿", 500000000), ("一千零五", 1005),
    ("两百", 200), ("九", 9)])
def test_chinese_numerals(text, value):
    assert parse_chinese(text) == D(value)


@pytest.mark.parametrize("text", ["一二", "十五大x"])
def test_chinese_lists_are_not_numbers(text):
    assert parse_chinese(text) is None


KAWI_KNOWN = unicodedata.decimal("\U00011f55", None) is not None  # Unicode 15 interpreters


@pytest.mark.parametrize("digits,value", [
    ("12", D(12)),                                  # ASCII
    ("\uff11\uff12", D(12)),                        # full-width
    ("\u0661\u0662", D(12)),                        # Arabic-Indic
    ("\u0967\u0968", D(12)),                        # Devanagari
    ("\U0001d7cf\U0001d7d0", D(12)),                # mathematical bold
    ("\U00011f55", D(5) if KAWI_KNOWN else None),   # Kawi: newer than some interpreters' tables
], ids=["ascii", "full-width", "arabic-indic", "devanagari", "mathematical", "kawi"])
def test_digit_families(digits, value, vocab):
    """Exactly the digits the interpreter can convert are digits; others are not a number."""
    cell = f"新增企业{digits}家"
    figures = [q for q in find_quantities(cell, vocab) if q.skip is None]
    assert [q.value for q in figures] == ([value] if value is not None else [])
    for q in figures:
        assert cell[q.start:q.end] == q.text and q.unit == "家"


def test_every_digit_run_is_accounted_for(vocab):
    cell = "1.2023年1-9月,完成5G基站451个,“5+1”体系,PM2.5浓度30.3微克/立方米。"
    quantities = find_quantities(cell, vocab)
    covered = [False] * len(cell)
    for q in quantities:
        for i in range(q.start, q.end):
            covered[i] = True
    assert all(covered[i] for i, ch in enumerate(cell) if ch.isdigit())
