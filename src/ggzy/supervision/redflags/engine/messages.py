"""Stable flag codes with their Chinese explanations (documented in docs/redflags.md)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "R003": "投标截止期过短:自招标开始至投标截止不足 {days:.0f} 日(法定不少于 20 日)",
    "R018": "仅收到一份投标,缺乏竞争",
    "R024": "次低价与最低价(中标价)仅相差 {pct:.2%},报价异常接近",
    "R025": "该企业投标 {bids} 次从未中标,随机情况下出现的概率仅 {p:.4f},可能为长期陪标",
    "R028": "存在 {count} 组完全相同的投标报价",
    "R030": "中标投标是最后提交的投标",
    "R035": "除中标人外其余投标均被否决或撤回",
    "R036": "报价最低的投标被否决",
    "R038": "被否决的投标比例过高({share:.0%})",
    "R053": "企业组合共同投标 {cobids} 次,中标人总是同一家({winner})",
    "R057": "围标组内成员轮流中标:{winners} 家成员分别中标,组内中标占比 {share:.0%}",
    "R058": "最低报价仅为其余报价中位数的 {ratio:.0%},折扣异常",
    "GGZY-SAME-IP": "不同投标人的投标文件从同一 IP 地址上传({value})",
    "GGZY-SAME-DEVICE": "不同投标人的投标文件出自同一台电脑(同一 MAC 或硬件特征码:{value})",
    "GGZY-SAME-CREATOR": "不同投标人的投标文件由同一投标工具安装实例编制({value}),属条例第四十条“由同一单位或者个人编制”情形",
    "GGZY-SAME-ACCOUNT": "不同投标人的投标保证金从同一账户转出({value}),属条例第四十条情形",
    "GGZY-SAME-DOCUMENT": "不同投标人的技术文件哈希完全相同({value}),投标文件异常一致",
    "GGZY-SAME-CONTACT": "不同投标人填写同一联系电话({value}),属 87 号令第三十七条情形",
    "GGZY-LOW-CV": "有效报价离散系数仅 {cv:.4f}(阈值 {threshold}),报价异常集中",
    "GGZY-SUBGROUP-CV": "部分投标人({size} 家)报价离散系数仅 {cv:.5f},疑似部分企业串通(不完全卡特尔)",
    "GGZY-REGULAR-STEPS": "{count} 份报价呈等差排列(步长约 {step:.2f} 元),属条例第四十条“投标报价呈规律性差异”情形",
    "GGZY-CEILING-HUG": "中标价达最高投标限价的 {ratio:.1%},贴近限价",
    "GGZY-COVER-CLUSTER": "落选报价紧密聚集于中标价之上(离散系数 {cv:.4f},相对距离 {rd:.1f}),疑似陪标",
    "GGZY-GROUP": "投标人中有 {count} 家属于疑似围标组({members})",
    "GGZY-GROUP-MEMBER": "该企业属于疑似围标组(共 {size} 家,涉及 {tenders} 个标段)",
    "GGZY-COBID": "组内企业共同投标 {cobids} 次,为随机预期的 {lift:.1f} 倍",
    "GGZY-LINKED-FINGERPRINT": "该组企业在不同标段中共用投标电子特征({kinds})",
}

KIND_CODES = {
    "fp_ip": "GGZY-SAME-IP",
    "fp_mac": "GGZY-SAME-DEVICE",
    "fp_hw": "GGZY-SAME-DEVICE",
    "fp_creator": "GGZY-SAME-CREATOR",
    "fp_account": "GGZY-SAME-ACCOUNT",
    "fp_doc": "GGZY-SAME-DOCUMENT",
    "fp_contact": "GGZY-SAME-CONTACT",
}

KIND_NAMES = {
    "fp_ip": "IP 地址",
    "fp_mac": "MAC 地址",
    "fp_hw": "硬件特征码",
    "fp_creator": "编制工具实例",
    "fp_account": "保证金账户",
    "fp_doc": "文件哈希",
    "fp_contact": "联系电话",
}


def message(code: str, **values) -> str:
    return MESSAGES[code].format(**values)
