"""Target extraction as an example table: target cell -> (metric, text, comparator, kind, value, unit)."""

from decimal import Decimal as D

import pytest

from pipeline.targets import extract_targets, named_by_item

TARGETS = [
    ("实现技术合同交易额200亿元。", [("技术合同交易额", "200亿元", ">=", "amount", D(20000000000), "元")]),
    ("全年招引产业项目200个以上,其中10亿元以上项目不少于50个,50亿元以上项目不少于7个。", [
        ("招引产业项目", "200个", ">=", "amount", D(200), "个"),
        ("10亿元以上项目", "50个", ">=", "amount", D(50), "个"),
        ("50亿元以上项目", "7个", ">=", "amount", D(7), "个")]),
    ("确定20个以上美丽城镇示范镇培育点,完成76个精品村建设。", [  # a count is no threshold
        ("美丽城镇示范镇培育点", "20个", ">=", "amount", D(20), "个"),
        ("精品村建设", "76个", ">=", "amount", D(76), "个")]),
    ("实现社会消费品零售总额、网络零售额均增长8%。", [
        ("社会消费品零售总额", "8%", ">=", "growth_rate", D(8), "%"),
        ("网络零售额", "8%", ">=", "growth_rate", D(8), "%")]),
    ("安置房、公租房、人才房开工4600套,竣工1.2万套。", [
        ("安置房、公租房、人才房开工", "4600套", ">=", "amount", D(4600), "套"),
        ("竣工", "1.2万套", ">=", "amount", D(12000), "套")]),
    ("统筹土地“三个计划”,做地、储备、出让分别达到3000亩、2800亩、2200亩以上,土地出让成交额再超400亿元。", [
        ("做地", "3000亩", ">=", "amount", D(3000), "亩"),
        ("储备", "2800亩", ">=", "amount", D(2800), "亩"),
        ("出让", "2200亩", ">=", "amount", D(2200), "亩"),
        ("土地出让成交额", "400亿元", ">", "amount", D(40000000000), "元")]),
    ("PM2.5浓度维持在35微克每立方米以下,空气优良率稳定在80%以上。", [
        ("PM2.5浓度", "35微克每立方米", "<=", "level", D(35), "微克每立方米"),
        ("空气优良率", "80%", ">=", "rate", D(80), "%")]),
    ("确保安全生产事故数、亡人数“负增长”。", [
        ("安全生产事故数", "负增长", "<0", "growth_rate", None, None),
        ("亡人数", "负增长", "<0", "growth_rate", None, None)]),
    ("确保一般性支出、三公经费只减不增,集中宝贵财力促发展惠民生。", [
        ("一般性支出", "只减不增", "no_increase", "growth_rate", None, None),
        ("三公经费", "只减不增", "no_increase", "growth_rate", None, None)]),
    ("落实中央和省级生态环保督察反馈问题整改,确保全部对账销号清零。", [
        ("全部对账销号", "清零", "=", "level", D(0), None)]),
    ("有效发明专利拥有量突破10000件,其中高价值专利拥有量达3600件以上。", [
        ("有效发明专利拥有量", "10000件", ">=", "level", D(10000), "件"),
        ("高价值专利拥有量", "3600件", ">=", "level", D(3600), "件")]),
    ("城镇新增就业3万人以上,城镇调查失业率控制在5%以内。", [
        ("城镇新增就业", "3万人", ">=", "amount", D(30000), "人"),
        ("城镇调查失业率", "5%", "<=", "rate", D(5), "%")]),
    ("基本养老保险参保率稳定在99%左右。", [("基本养老保险参保率", "99%", "~", "rate", D(99), "%")]),
    ("实现数字文化产业、生命科技产业增长10%以上。", [
        ("数字文化产业", "10%", ">=", "growth_rate", D(10), "%"),
        ("生命科技产业", "10%", ">=", "growth_rate", D(10), "%")]),
    ("前置完成2500余亩土地文物勘探。", [("土地文物勘探", "2500余亩", ">=", "amount", D(2500), "亩")]),
    ("新增光伏装机容量3.0万千瓦以上。", [("新增光伏装机容量", "3.0万千瓦", ">=", "amount", D(30000), "千瓦")]),
    ("全力打造固定资产投资超1000亿的标志性成果。", [("固定资产投资", "1000亿", ">", "amount", D(100000000000), "元")]),
    ("每千人床位数达到5张以上。", [("每千人床位数", "5张", ">=", "level", D(5), "张")]),
    ("实现政务2.0事项“一网通办”率95%以上。", [("政务2.0事项“一网通办”率", "95%", ">=", "rate", D(95), "%")]),
]


@pytest.mark.parametrize("cell,expected", TARGETS, ids=[c[:14] for c, _ in TARGETS])
def test_targets(cell, expected, vocab):
    targets, _ = extract_targets(cell, vocab)
    got = [(t.metric, t.text, t.comparator, t.kind, t.value, t.unit) for t in targets]
    assert got == expected
    for t in targets:
        assert cell[t.start:t.end] == t.text


SKIPPED = [
    ("全年招引产业项目200个以上,其中10亿元以上项目不少于50个。", [("10亿元", "threshold")]),
    ("瞄准世界500强、补链强链", [("500", "name")]),
    ("打造集中展示5000多年良渚文化、2000多年运河文化", [("5000多年", "history"), ("2000多年", "history")]),
    ("制定实施“强信心拼经济”36条实施意见", [("36条实施意见", "name")]),
    ("全面消除经营性收入120万以下相对薄弱村。", [("120万", "threshold")]),
    ("聚焦打造“5+1”产业生态圈,推动产业链式布局。", [("5+1", "name")]),
    ("保障地铁5号线西延、10号线二期三期", [("5号线", "name"), ("10号线", "name")]),
]


@pytest.mark.parametrize("cell,expected", SKIPPED, ids=[c[:14] for c, _ in SKIPPED])
def test_skipped(cell, expected, vocab):
    _, skipped = extract_targets(cell, vocab)
    assert [(s.text, s.reason) for s in skipped] == expected
    for s in skipped:
        assert cell[s.start:s.end] == s.text


def test_every_number_is_a_target_or_skipped(vocab):
    cell = "招引顶尖人才20名、领军人才200名,打造“5+1”体系,2023年完成,10亿元以上项目不少于50个。"
    targets, skipped = extract_targets(cell, vocab)
    covered = {i for t in targets for i in range(t.start, t.end)}
    covered |= {i for s in skipped for i in range(s.start, s.end)}
    assert all(i in covered for i, ch in enumerate(cell) if ch.isdigit())


# A grid's header names the indicator of a target cell that holds only its figure.
ITEMS = [
    ("城镇登记失业率低于(%)", "4.3", "%", ("城镇登记失业率", "<", D("4.3"), "%")),
    ("城镇新增就业(人)", "2000", "人", ("城镇新增就业", ">=", D(2000), "人")),  # no year
    ("城镇登记失业率(%)", "4.5", "%", ("城镇登记失业率", "<=", D("4.5"), "%")),
    ("万元GDP能耗降低率(%)", "3", "%", ("万元GDP能耗降低率", ">=", D(3), "%")),
    ("新增养老床位(张)", "不少于300", "张", ("新增养老床位", ">=", D(300), "张")),
]


@pytest.mark.parametrize("item,cell,unit,expected", ITEMS, ids=[i for i, *_ in ITEMS])
def test_a_header_item_names_a_bare_target(item, cell, unit, expected, vocab):
    targets, _ = extract_targets(cell, vocab, None, "target", unit)
    [target] = named_by_item(targets, item, vocab)
    assert (target.metric, target.comparator, target.value, target.unit) == expected
