"""Reference data: Shanghai's trading methods, regulator departments, sub-platforms and catalogue.

Sources and reasoning in docs/catalogue.md, which also lists the items recalled but not yet checked
against the official 《上海市公共资源交易目录》 text (never shown in the UI or the API); operators correct them by publishing a new
version (never by editing a published one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# --- trading methods: (code, name, legal basis). Codes are stable API values. -----------------
TRADING_METHODS: list[tuple[str, str, str]] = [
    ("open-tender", "公开招标", "招标投标法第十条；政府采购法第二十六条"),
    ("invited-tender", "邀请招标", "招标投标法第十条；政府采购法第二十六条"),
    ("competitive-negotiation", "竞争性谈判", "政府采购法第二十六条、第三十八条"),
    ("competitive-consultation", "竞争性磋商", "政府采购竞争性磋商采购方式管理暂行办法（财库〔2014〕214号）"),
    ("inquiry", "询价", "政府采购法第二十六条、第四十条"),
    ("single-source", "单一来源", "政府采购法第二十六条、第三十九条"),
    ("framework-agreement", "框架协议采购", "政府采购框架协议采购方式管理暂行办法（财政部令第110号）"),
    ("auction", "拍卖", "拍卖法；招标拍卖挂牌出让国有建设用地使用权规定（国土资源部令第39号）"),
    ("listing", "挂牌", "招标拍卖挂牌出让国有建设用地使用权规定（国土资源部令第39号）"),
    ("online-bidding", "网络竞价", "企业国有资产交易监督管理办法（国务院国资委、财政部令第32号）"),
    ("agreement-transfer", "协议转让", "企业国有资产交易监督管理办法第三十一条；协议出让国有土地使用权规定"),
    (
        "volume-procurement",
        "集中带量采购",
        "关于推动药品集中带量采购工作常态化制度化开展的意见（国办发〔2021〕2号）",
    ),
    ("online-listing-procurement", "挂网采购", "药品和医用耗材阳光挂网采购"),
]

# --- regulator departments: key → (简称, 全称). Created as Entity(kind=government). ---------------
REGULATORS: dict[str, tuple[str, str]] = {
    "fgw": ("市发展改革委", "上海市发展和改革委员会"),
    "zjw": ("市住房城乡建设管理委", "上海市住房和城乡建设管理委员会"),
    "jtw": ("市交通委", "上海市交通委员会"),
    "swj": ("市水务局", "上海市水务局"),
    "czj": ("市财政局", "上海市财政局"),
    "jgj": ("市机管局", "上海市机关事务管理局"),
    "ghzy": ("市规划资源局", "上海市规划和自然资源局"),
    "gzw": ("市国资委", "上海市国有资产监督管理委员会"),
    "sthj": ("市生态环境局", "上海市生态环境局"),
    "ybj": ("市医保局", "上海市医疗保障局"),
    "nyncw": ("市农业农村委", "上海市农业农村委员会"),
    "lhsr": ("市绿化市容局", "上海市绿化和市容管理局"),
}


# --- sub-platforms: the existing trading systems renamed 上海市公共资源交易平台（X分平台） ------------
@dataclass(frozen=True)
class PlatformSpec:
    code: str
    stem: str
    operator_name: str
    established_on: dt.date
    description: str


SUB_PLATFORMS: list[PlatformSpec] = [
    PlatformSpec(
        "construction",
        "建设工程交易",
        "上海市建设工程交易服务中心",
        dt.date(1997, 1, 1),
        "依法必须招标的房屋建筑和市政基础设施、交通、水务等工程建设项目招标投标",
    ),
    PlatformSpec(
        "government-procurement",
        "政府采购",
        "上海市政府采购中心",
        dt.date(1998, 1, 1),
        "政府集中采购和分散采购（上海政府采购云平台）",
    ),
    PlatformSpec(
        "land",
        "土地交易",
        "上海市土地交易事务中心",
        dt.date(2004, 1, 1),
        "国有建设用地使用权招标拍卖挂牌出让",
    ),
    PlatformSpec(
        "property-rights",
        "产权交易",
        "上海联合产权交易所",
        dt.date(2003, 12, 18),
        "企业国有产权转让、增资、资产转让，行政事业单位国有资产处置；亦为升级改造项目实施载体（沪发改法〔2020〕14号 五.2）",
    ),
    PlatformSpec(
        "carbon",
        "碳排放交易",
        "上海环境能源交易所",
        dt.date(2008, 8, 5),
        "本市碳排放配额和国家核证自愿减排量交易（2013年11月启动）",
    ),
    PlatformSpec(
        "medical",
        "医药采购",
        "上海市医药集中招标采购事务管理所",
        dt.date(2009, 1, 1),
        "药品和医用耗材集中采购、阳光挂网",
    ),
]


@dataclass(frozen=True)
class EntrySpec:
    code: str
    name: str
    group: str
    platform: str | None  # sub-platform code; None = 综合交易系统
    regulators: list[str]
    methods: list[str]
    industry_code: str = ""
    industry: str = ""
    legal_basis: str = ""
    description: str = ""


TENDER_METHODS = ["open-tender", "invited-tender"]
PROCUREMENT_METHODS = [
    "open-tender",
    "invited-tender",
    "competitive-negotiation",
    "competitive-consultation",
    "inquiry",
    "single-source",
    "framework-agreement",
]
ASSET_METHODS = ["online-bidding", "auction", "listing", "agreement-transfer"]
LAND_METHODS = ["open-tender", "auction", "listing"]

ENTRIES: list[EntrySpec] = [
    EntrySpec(
        "GC01",
        "工程建设项目招标投标（房屋建筑和市政基础设施）",
        "works",
        "construction",
        ["zjw"],
        TENDER_METHODS,
        "E",
        "建筑业",
        "招标投标法；招标投标法实施条例；上海市建设工程招标投标管理办法",
        "依法必须招标的房屋建筑和市政基础设施工程的勘察、设计、施工、监理及重要设备材料采购",
    ),
    EntrySpec(
        "GC02",
        "工程建设项目招标投标（交通）",
        "works",
        "construction",
        ["jtw"],
        TENDER_METHODS,
        "E",
        "建筑业",
        "招标投标法；招标投标法实施条例",
        "公路、城市道路、轨道交通、港口航道等交通工程建设项目",
    ),
    EntrySpec(
        "GC03",
        "工程建设项目招标投标（水务）",
        "works",
        "construction",
        ["swj"],
        TENDER_METHODS,
        "E",
        "建筑业",
        "招标投标法；招标投标法实施条例",
        "水利、供水、排水、海塘等水务工程建设项目",
    ),
    EntrySpec(
        "ZC01",
        "政府采购",
        "procurement",
        "government-procurement",
        ["czj"],
        PROCUREMENT_METHODS,
        "",
        "",
        "政府采购法；政府采购法实施条例；财政部令第87号",
        "国家机关、事业单位和团体组织使用财政性资金采购货物、工程和服务",
    ),
    EntrySpec(
        "TD01",
        "土地使用权出让",
        "natural",
        "land",
        ["ghzy"],
        LAND_METHODS,
        "K",
        "房地产业",
        "土地管理法；招标拍卖挂牌出让国有建设用地使用权规定（国土资源部令第39号）",
        "国有建设用地使用权招标、拍卖、挂牌出让",
    ),
    EntrySpec(
        "KY01",
        "矿业权出让",
        "natural",
        None,
        ["ghzy"],
        LAND_METHODS,
        "B",
        "采矿业",
        "矿产资源法；矿业权出让制度改革方案",
        "探矿权、采矿权（含地热、矿泉水）出让；本市无专门交易分平台，依托综合交易系统交易",
    ),
    EntrySpec(
        "HY01",
        "海域使用权和无居民海岛使用权出让",
        "natural",
        None,
        ["ghzy"],
        LAND_METHODS,
        "",
        "",
        "海域使用管理法；海岛保护法",
        "经营性用海、无居民海岛使用权招标、拍卖、挂牌出让；依托综合交易系统交易",
    ),
    EntrySpec(
        "CQ01",
        "国有产权交易（企业国有产权转让、增资和资产转让）",
        "assets",
        "property-rights",
        ["gzw"],
        ASSET_METHODS,
        "",
        "",
        "企业国有资产法；企业国有资产交易监督管理办法（国务院国资委、财政部令第32号）",
        "履行出资人职责的机构监管的企业国有产权转让、企业增资、企业资产转让",
    ),
    EntrySpec(
        "CQ02",
        "行政事业单位国有资产处置",
        "assets",
        "property-rights",
        ["czj", "jgj"],
        ASSET_METHODS,
        "",
        "",
        "行政事业性国有资产管理条例",
        "市级行政事业单位国有资产出售、出让、转让等公开处置",
    ),
    EntrySpec(
        "CQ03",
        "农村集体资产交易",
        "assets",
        None,
        ["nyncw"],
        ["listing", "online-bidding", "auction"],
        "",
        "",
        "农村集体经济组织财务和资产管理有关规定",
        "农村集体经营性资产使用权、经营权流转；依托综合交易系统交易",
    ),
    EntrySpec(
        "HJ01",
        "碳排放权交易",
        "environment",
        "carbon",
        ["sthj"],
        ["online-bidding", "listing", "agreement-transfer"],
        "",
        "",
        "上海市碳排放管理试行办法（沪府令10号）",
        "本市碳排放配额（SHEA）有偿竞价发放和二级市场交易、国家核证自愿减排量交易",
    ),
    EntrySpec(
        "HJ02",
        "排污权交易",
        "environment",
        None,
        ["sthj"],
        ["online-bidding", "listing", "agreement-transfer"],
        "",
        "",
        "关于进一步推进排污权有偿使用和交易试点工作的指导意见（国办发〔2014〕38号）",
        "主要污染物排污权有偿使用和交易；本市未设专门分平台，依托综合交易系统交易",
    ),
    EntrySpec(
        "YY01",
        "药品和医用耗材采购",
        "medical",
        "medical",
        ["ybj"],
        ["volume-procurement", "online-listing-procurement", "competitive-negotiation"],
        "",
        "",
        "国办发〔2021〕2号；上海市医药集中采购有关规定",
        "公立医疗机构药品、医用耗材集中带量采购和阳光挂网采购",
    ),
    EntrySpec(
        "QT01",
        "公共资源特许经营权和户外广告设施设置权出让",
        "other",
        None,
        ["lhsr"],
        ["open-tender", "auction", "listing"],
        "",
        "",
        "上海市户外广告设施管理办法",
        "公共区域户外广告设施设置权等，通过招标、拍卖、挂牌方式出让；依托综合交易系统交易",
    ),
]

REFERENCE_VERSION_LABEL = "2020年版"
REFERENCE_VERSION_EFFECTIVE = dt.date(
    2020, 10, 1
)  # the plan required the catalogue in 2020 Q3 (to be checked: docs/catalogue.md)
REFERENCE_VERSION_NOTE = (
    "依据《上海市公共资源交易平台升级改造工作方案》（沪发改法〔2020〕14号）四.1、五.4 整理的参考目录；"
    "个别条目待与正式发布的《上海市公共资源交易目录》核对。"
)
