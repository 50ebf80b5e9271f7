"""Paraphrased orders for the demo and for the labelled sample that measures the near-duplicate
detection (HOT-15): callers tell one issue in their own words — other openers and closings,
synonyms for each part, the parts in another order, extra details, and typos (a similar-looking
or similar-sounding character, a dropped character). `labelled_sample` adds the demo texts
(app/hotline/data/demo_samples.json) and hard negatives: the same place with another issue, the
same issue at another place."""
import json
import random
from pathlib import Path

OPENERS = ["您好，", "我要反映，", "来电反映：", "", "市民来电称，", "我想投诉一下，", "喂，"]
CLOSERS = ["，请尽快处理。", "，希望有关部门尽快解决。", "，要求尽快解决。", "。", "，麻烦你们管一管。", "！"]
TYPOS = {"停": "亭", "路": "潞", "灯": "登", "噪": "燥", "暖": "缓", "梯": "剃", "近": "进", "称": "秤",
         "通": "痛", "拒": "据", "施": "失", "扶": "抚", "供": "共", "示": "是", "度": "渡", "扰": "忧"}

# key: (places, parts: each a list of synonymous phrasings, extras)
ISSUES = {
    "water": (["河西区友谊路88号小区", "友谊路88号小区", "河西区友谊路88号院"],
              [["从昨天早上开始停水", "昨天一早就停水了", "自昨日上午起停水", "连着停水两天"],
               ["到现在也没有恢复供水", "至今仍未恢复供水", "一直没来水", "水一直没有恢复"],
               ["也没有提前通知", "事先没有任何通知", "物业和水务都没贴停水通知"]],
              ["家里有老人和孩子", "做饭洗漱都成问题", "打水务热线一直占线", "楼上楼下都停了"]),
    "noise": (["南开区鞍山西道", "鞍山西道", "南开区鞍山西道工地"],
              [["工地夜间施工", "建筑工地晚上施工", "工地半夜还在干活"],
               ["噪音很大", "噪声扰民", "声音特别吵"],
               ["凌晨两三点还不停", "一直干到后半夜", "过了十点还在施工"]],
              ["严重影响休息", "孩子第二天要上学", "已经持续一周了", "给工地打电话没人理"]),
    "bikes": (["和平区滨江道", "滨江道", "和平区滨江道步行街"],
              [["共享单车乱停乱放", "大量共享单车随意停放", "共享单车停得到处都是"],
               ["把人行道堵住了", "占用了人行道", "人行道上行人没法通行"]],
              ["盲道也被占了", "推婴儿车过不去", "希望运营企业及时清理", "晚上更严重"]),
    "lamp": (["红桥区西沽公园", "西沽公园", "红桥区西沽公园南门"],
             [["公园里的路灯坏了", "路灯不亮", "好几盏路灯损坏"],
              ["已经一个星期了", "好几天了", "有十来天了"],
              ["晚上一片漆黑", "夜里没有照明", "天黑后什么都看不见"]],
             ["晨练的老人容易摔倒", "存在安全隐患", "之前反映过没人修"]),
    "heat": (["北辰区果园新村", "果园新村", "北辰区果园新村三号楼"],
             [["小区暖气不热", "供暖温度不达标", "暖气片冰凉"],
              ["室温只有十几度", "屋里才十五度", "家里温度特别低"]],
             ["老人孩子都感冒了", "已经交了取暖费", "找热力公司没人上门", "开空调也不管用"]),
    "taxi": (["天津站", "天津站出租车候车区", "天津站后广场"],
             [["出租车司机拒载", "的哥挑活拒载", "出租车司机挑客拒载"],
              ["嫌路程近不愿意拉", "说去的地方太近不去", "嫌路近不拉还要一口价"]],
             ["车牌号津E开头", "当时是晚上九点", "带着行李和孩子", "要求严肃处理"]),
    "scale": (["和平区鞍山道菜市场", "鞍山道菜市场", "和平区鞍山道农贸市场"],
              [["菜市场商贩缺斤短两", "摊主的秤不准", "买菜被缺斤少两"],
               ["一斤菜少了二两", "称出来差了不少", "复称发现少了一百克"]],
              ["公平秤找不到", "和摊主理论被骂", "希望市场监管查处"]),
    "escalator": (["地铁1号线营口道站", "营口道站", "地铁营口道站B口"],
                  [["自动扶梯经常停运", "扶梯总是坏", "电动扶梯老是停"],
                   ["老人上下楼很不方便", "拎东西爬楼梯很累", "腿脚不好的人上不去"]],
                  ["已经停了一个月", "没有维修公告", "希望尽快修好"]),
}

# Demo texts that tell one of the issues above (labelled with it).
DEMO_ISSUES = {"营口道站B口自动扶梯": "escalator"}

# (text, location): the same place with another issue, the same issue at another place.
HARD_NEGATIVES = [
    ("河西区友谊路88号小区门口的路灯坏了，晚上很黑，请尽快维修。", "河西区友谊路88号小区"),
    ("河西区友谊路88号小区楼道里堆满杂物，存在消防隐患。", "河西区友谊路88号小区"),
    ("北辰区果园新村从昨天早上开始停水，到现在也没有恢复供水。", "北辰区果园新村"),
    ("南开区鞍山西道有商户占道经营，人行道被堵住了。", "南开区鞍山西道"),
    ("和平区滨江道步行街商户外放音乐噪音很大，影响休息。", "和平区滨江道步行街"),
    ("红桥区西沽公园里的健身器材坏了好几天了，存在安全隐患。", "红桥区西沽公园"),
]


def _typo(text: str, rng: random.Random) -> str:
    spots = [i for i, ch in enumerate(text) if ch in TYPOS]
    if spots and rng.random() < 0.6:
        i = rng.choice(spots)
        return text[:i] + TYPOS[text[i]] + text[i + 1:]
    i = rng.randrange(len(text))
    return text[:i] + text[i + 1:] if "\u4e00" <= text[i] <= "\u9fff" else text


def paraphrase(key: str, rng: random.Random) -> tuple[str, str]:
    """One caller's wording of the issue: (text, location)."""
    places, parts, extras = ISSUES[key]
    place = rng.choice(places)
    said = [rng.choice(options) for options in parts]
    if len(said) > 2 and rng.random() < 0.5:  # the later parts in another order
        said[1:] = rng.sample(said[1:], len(said) - 1)
    elif rng.random() < 0.3:
        said.reverse()
    if rng.random() < 0.6:
        said.insert(rng.randint(1, len(said)), rng.choice(extras))
    body = "，".join(said)
    text = rng.choice(OPENERS) + (place + body if rng.random() < 0.7 else body + "，地点在" + place)
    if rng.random() < 0.5:
        text = _typo(text, rng)
    return text + rng.choice(CLOSERS), rng.choice(places)


def demo_texts() -> list[tuple[str, str]]:
    data = json.loads((Path(__file__).parent / "data" / "demo_samples.json").read_text(encoding="utf-8"))
    return [(o["text"], o["location"]) for o in data["orders"]]


def labelled_sample(per_issue: int = 15, seed: int = 18) -> list[tuple[str, str, str]]:
    """(text, location, label): the paraphrased issues, then the demo texts and the hard
    negatives, each of those its own label. Shuffled, as orders arrive."""
    rng = random.Random(seed)
    sample = [(*paraphrase(key, rng), key) for key in ISSUES for _ in range(per_issue)]
    sample += [(text, place, next((key for start, key in DEMO_ISSUES.items() if text.startswith(start)), f"demo-{i}"))
               for i, (text, place) in enumerate(demo_texts())]
    sample += [(text, place, f"other-{i}") for i, (text, place) in enumerate(HARD_NEGATIVES)]
    rng.shuffle(sample)
    return sample


def pair_scores(labels: dict, cluster_of: dict) -> tuple[float, float]:
    """Pairwise precision and recall: a pair is predicted when both orders are in one cluster,
    true when both have one label. `labels` {order: label}, `cluster_of` {order: cluster or None}."""
    keys = list(labels)
    found = truth = both = 0
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            same_cluster = cluster_of.get(a) is not None and cluster_of.get(a) == cluster_of.get(b)
            same_label = labels[a] == labels[b]
            found += same_cluster
            truth += same_label
            both += same_cluster and same_label
    return both / max(1, found), both / max(1, truth)
