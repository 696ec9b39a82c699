"""Random-weight checkpoints laid out exactly like the zoo's releases (test fixtures and benchmarks).

`write_release` writes a folder (or a zip holding one top folder) with the files of a real release
(zoo-facts §1): `bert_config.json`, `bert_model.ckpt.{index,data-00000-of-00001}`, `vocab.txt` for the
BERT family; `config.json`, `model.ckpt.{index,data-00000-of-00001}`, `vocab.txt` for T5 PEGASUS.
The checkpoint variables are named and shaped as in zoo-facts §2, in the stored layout (T5's
`relative_attention_bias` stored (heads, 32); bert4keras transposes it on load). Every weight is
drawn explicitly from `numpy.random.default_rng(seed)`: bert4keras's own initializer gives same-shaped
layers identical values, which would hide mix-ups between weights.

TensorFlow is imported lazily (only `write_release` needs it); the checkpoint is written through a
`tf.compat.v1` graph and `Saver` (V2 format), as bert4keras's `save_weights_as_checkpoint` would.

CLI: ``python -m zoo_desktop.convert.random_checkpoint ARCH_OR_MODEL_ID DEST [--real] [--zip] [--seed N]``.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import numpy as np

ARCHITECTURES = ("roberta", "roberta-plus", "simbert", "wobert", "t5")

BERT_FAMILY = ("roberta", "roberta-plus", "simbert", "wobert")

# Catalog model id -> (architecture, archive folder name, bert4keras-key config). Values: zoo-facts §1.
_BERT_COMMON = {
    "attention_probs_dropout_prob": 0.1,
    "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1,
    "initializer_range": 0.02,
    "max_position_embeddings": 512,
    "type_vocab_size": 2,
}


def _bert(hidden: int, layers: int, heads: int, inter: int, vocab: int, emb: int | None = None,
          key: int | None = None) -> dict:
    config = dict(_BERT_COMMON)
    config.update(hidden_size=hidden, num_hidden_layers=layers, num_attention_heads=heads,
                  intermediate_size=inter)
    if emb is not None and emb != hidden:
        config["embedding_size"] = emb
    if key is not None:
        config["attention_key_size"] = key
    config["vocab_size"] = vocab
    return config


def _t5(hidden: int, layers: int, heads: int, head_size: int, inter: int, vocab: int) -> dict:
    return {
        "hidden_act": ["gelu", "linear"],
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02,
        "hidden_size": hidden,
        "num_hidden_layers": layers,
        "num_attention_heads": heads,
        "attention_head_size": head_size,
        "intermediate_size": inter,
        "relative_attention_num_buckets": 32,
        "layer_norm_epsilon": 1e-6,
        "vocab_size": vocab,
    }


MODEL_IDS: dict[str, tuple[str, str]] = {
    "roberta-tiny": ("roberta", "chinese_roberta_L-4_H-312_A-12"),
    "roberta-small": ("roberta", "chinese_roberta_L-6_H-384_A-12"),
    "roberta-plus-tiny": ("roberta-plus", "chinese_roberta_L-4_H-312_A-12_K-104"),
    "roberta-plus-small": ("roberta-plus", "chinese_roberta_L-6_H-384_A-12_K-128"),
    "simbert-tiny": ("simbert", "chinese_simbert_L-4_H-312_A-12"),
    "simbert-small": ("simbert", "chinese_simbert_L-6_H-384_A-12"),
    "simbert-base": ("simbert", "chinese_simbert_L-12_H-768_A-12"),
    "wobert": ("wobert", "chinese_wobert_L-12_H-768_A-12"),
    "wobert-plus": ("wobert", "chinese_wobert_plus_L-12_H-768_A-12"),
    "t5-pegasus-base": ("t5", "chinese_t5_pegasus_base"),
    "t5-pegasus-small": ("t5", "chinese_t5_pegasus_small"),
}

_REAL_CONFIGS: dict[str, dict] = {
    "roberta-tiny": _bert(312, 4, 12, 1248, 21128, emb=128),
    "roberta-small": _bert(384, 6, 12, 1536, 21128, emb=128),
    "roberta-plus-tiny": _bert(312, 4, 12, 1248, 21128, emb=128, key=104),
    "roberta-plus-small": _bert(384, 6, 12, 1536, 21128, emb=128, key=128),
    "simbert-tiny": _bert(312, 4, 12, 1248, 13685, emb=128),
    "simbert-small": _bert(384, 6, 12, 1536, 13685, emb=128),
    "simbert-base": _bert(768, 12, 12, 3072, 13685),
    "wobert": _bert(768, 12, 12, 3072, 33586),
    "wobert-plus": _bert(768, 12, 12, 3072, 50000),
    "t5-pegasus-base": _t5(768, 12, 12, 64, 2048, 50000),
    "t5-pegasus-small": _t5(512, 8, 6, 64, 1024, 50000),
}

# Small dims: hidden 32, 2 layers, 4 heads (head size 8). BERT-family small configs other than WoBERT
# use embedding_size 16 != hidden (factorised embeddings); RoBERTa+ a key size 16 != head size 8;
# T5 a head size 12 so that heads * head_size (48) != hidden (like mT5 small: 6 * 64 != 512).
_SMALL = {
    "roberta": dict(hidden=32, layers=2, heads=4, inter=64, emb=16),
    "roberta-plus": dict(hidden=32, layers=2, heads=4, inter=64, emb=16, key=16),
    "simbert": dict(hidden=32, layers=2, heads=4, inter=64, emb=16),
    "wobert": dict(hidden=32, layers=2, heads=4, inter=64),
}

CONFIG_FILE = {"bert": "bert_config.json", "t5": "config.json"}
CHECKPOINT_PREFIX = {"bert": "bert_model.ckpt", "t5": "model.ckpt"}


def _check_arch(arch: str) -> str:
    if arch not in ARCHITECTURES:
        raise ValueError(f"unknown architecture {arch!r}; expected one of {', '.join(ARCHITECTURES)}")
    return arch


def _family(arch: str) -> str:
    return "t5" if _check_arch(arch) == "t5" else "bert"


def arch_of(model_id: str) -> str:
    """The architecture of a catalog model id (`roberta-tiny` -> `roberta`)."""
    try:
        return MODEL_IDS[model_id][0]
    except KeyError:
        raise ValueError(f"unknown model id {model_id!r}; expected one of {', '.join(MODEL_IDS)}") from None


def release_name(model_id: str) -> str:
    """The archive's folder name of a catalog model id (`chinese_roberta_L-4_H-312_A-12`)."""
    arch_of(model_id)
    return MODEL_IDS[model_id][1]


def real_config(model_id: str) -> dict:
    """The real dimensions of a catalog model id, with the keys bert4keras reads (zoo-facts §1)."""
    arch_of(model_id)
    return json.loads(json.dumps(_REAL_CONFIGS[model_id]))


def small_config(arch: str) -> dict:
    """Tiny dimensions for fast tests; `vocab_size` is that of `test_vocab(arch)`."""
    if _family(arch) == "t5":
        config = _t5(32, 2, 4, 12, 64, 0)
    else:
        config = _bert(vocab=0, **_SMALL[arch])
    config["vocab_size"] = len(test_vocab(arch))
    return config


def default_name(arch: str, config: dict) -> str:
    """The folder name a release of these dimensions would have."""
    h, n, a = config["hidden_size"], config["num_hidden_layers"], config["num_attention_heads"]
    dims = f"L-{n}_H-{h}_A-{a}"
    if _family(arch) == "t5":
        for model_id in ("t5-pegasus-base", "t5-pegasus-small"):
            real = _REAL_CONFIGS[model_id]
            keys = ("hidden_size", "num_hidden_layers", "num_attention_heads", "attention_head_size",
                    "intermediate_size", "vocab_size")
            if all(config.get(k) == real[k] for k in keys):
                return MODEL_IDS[model_id][1]
        return f"chinese_t5_pegasus_{dims}"
    if arch == "roberta-plus":
        return f"chinese_roberta_{dims}_K-{config.get('attention_key_size', h // a)}"
    stem = {"roberta": "roberta", "simbert": "simbert", "wobert": "wobert"}[arch]
    return f"chinese_{stem}_{dims}"


# --- vocabularies -----------------------------------------------------------------------------------

# The 2500 most frequent CJK characters of the sentiment and CSL corpora (most frequent first), all of
# them in Google's Chinese BERT vocabulary: together ~99.3% of the CJK characters of that text.
_COMMON_CHARS = (
    "的是不了一有我这很在人书好个本还看就到也没以时能来大上用中可要和间都对多为说小得点子过后感么比机下生房会店们觉自方性分电"
    "但酒买实出于作理现错面发服太他当地天心然想去样那家度而较学动里果务价其如真住法常前最内经只给所次道事读外开些与系行合高定"
    "成之牛体国知手无让应文话意种情己着装喜因同什年问化者差结非设量水欢你相蒙入通起研及究进明孩网关更题特容完像别物单基质爱重"
    "工信全且新再便程才音从统提品几力格解算位正总做打接第候论计三制东热声两值数快她该观长已主色等屏回又评直客日儿效写功早气部"
    "原此西活收望显加女少送型星置美字业安台件员餐光月影键式强盘并变把流标般建析每老象表友受平带怎反吧故费态车响头二货图啊存模"
    "它适配处持口期语器使公门身被卡换选晚区思产确放代级满难虽清教找速调朋宝管套推边认细改离深待优听场空简整先风拿白利元见够线"
    "记近展市支环视路复术号包床却海试精味施何幕名识示订讲半保形失超版节类片传易需楼境吃修求十短向准测运预验目历或翻呢馆呵始考"
    "许亮交连四由携钱希素花景刚育画条池荐言足慢干构挺组将至金按世照具走议低死料周技习宾张备喝层乐奶根拉驱导段商达跟您据各充告"
    "远择指硬游温极贵越率谢华岁史散界引角妈步今任转控微随续义决例铃源联另社彩切缺页趣马维注帮师取竟养购致旧酸居阅钟立查介五脑"
    "病兴似哈治退造舒轻民眼京英款消免述印办山资板卫除证摄笔乎笑万际软黑息静况神洗广规排集烦红词断诉城专初吸男南命采站供念医必"
    "共载状未助终户拍绝奇饭坏玩探杂双漂留疗列补富北林吗亲参叫刻异政睡升绍益科仅输母懂增麻久布块偏司米临首络哪搞降倒往积独材童"
    "净征毛幸压局隔普纸报济底属园左火句宜掉典土触藏健则检波江牌血含请害即讨厅录油尽护章操食破误码右启菜否伤百背尔案附围刷群贴"
    "香午冷浅遍药宽戏浴权盖冲企敢良丰篇青尤牙灵蓝投释乱稳艺省争矿估略均坚福令战频智堂停康份编卖夜窗职领液落德厚松概纯遇混靠怀"
    "域父播善密灯谁铁描巧惯球严获薄怕农室称策序稍创著遗插苦承依鼠索愿族付旅啦恶势古唯售假千疑激答突耐项淡沉肯剂航封限约礼石折"
    "培销黄陈脏校皮楚某阳察染痛蛋怪六距惜壳州闹营岩尚演顺班移拟丽士浪毕紧甚龙抵晰震谓姐划烈哦防虑爸射闷负针草耳聚忍透惠范损享"
    "云飞菌迷曾鲜曲街克责符继摸豪织斯阿惊抗辑借畅氧颜顾译乳综醒股箱王爽粉烟郁河吵伊众谈储仿梦呀穿核毒洁巴急融础忆植追余湖冰坐"
    "亚律齐籍减册粒票悔银弄扩赞膜递李磨树赶忘纳叶院浓港俗熟谱默衣噪博馈剧烂纪桥豆春垃圾须汉仍胡担忙悲偶脱固绿贝既暗胞幼顶招协"
    "八阶钢跑询劲梯架糊木佳永纹志映互饮村官棒监污胶镜骗蛮托敏歌患缘庭苏虚沙晕澡诚挂粗憾丹鸡险鱼淋衡寸汤闻弹束暖振革弱详夏七拥"
    "厂毫径扰脸罗壁梅寻仔漆灰累墙茶归滑巾糖塑扬止宁举漫碰课貌繁侧丝滴脉晶困孔夫帐抱霉玲若裂废骨迹晨朝批端赠武尾糕登肉季龄圆旁"
    "档延妹妙浮辨捷鉴洋团败忽租盐糟恐啥践障珍勇弦涉漏陷竞休呼敬吹乏尊甲库溶座括歉努轮杀哥途财掌炒腻击瓶授脚欣扇判挑烧闭九练府"
    "签奥哲媒毯颗迎韩扫莫危拖佛占幽雨凝残聊昨阴迫摆恋殖催宣拼雅邮泡兰岛泉洞诺露虫泥悟慧刺沟酶旋摩厌执朗闪嘛壤筑庆欲潮哭趋婚纤"
    "梁野绘丢田湿添秀训愤匪诊赏阻渐锁悦缩奈诗洲浆陆雪促券症威苗倍汽盆隐予氨措抑伴跳避凡尝暴佩堆兼恢琴狗唉凉替握潜拨盗凑桌泪尼"
    "麦弟抽汇猫拒芯末零馨扣犹叹斗弃雷廊泛秘叙庄寄傻硕顿派烤凌伦缝巨尺惑副队悠藻孤励删诱肠辛杜迟搭跨磁亦泳睛辈暂玉屋幅镇尘犯逐"
    "榜伙斑肥哎恨私川涂袋碎鼓阐砂军盒陪献胜抢盛糙劳冠塞圈框遥搜皇姓腾愉厉罢乡喷肤守狂览逼杆耗爆逻缓阵津卷鸣拆舍燃彻桶娱艳轨党"
    "铜闲冬柔疼劣贯审拜拔脆船秋奖宿亡牵返痕悉烫挥怜捧贸乘冒魔孙央怨嘿斜豫湾悬循欠鞋偿欧绪宗奋账乙腐玻警坑酷焦氮粘饰杯禁柜胆鲁"
    "滤煤丁厦涵缸擦罪胃踪甘剪碳覆璃汗虎嫌婆腔绕瘤横坡恩浸灾炎井姆寒坛甜呈朴垫晓抓塔傅圣猪仪逆廉炉赖锦這羊墨幻吓夸帝欺嘴忠兔扔"
    "泰遭怖冻迅摇穴矩荷函纠臭番槽紫脂谐兄宫伟饱祝珠苯愧肌荡磷聪菲救叠雄盾沿额鸟咨灭陋链滋轴殊戒铺鬼亏惨隧泽刀彼凭恭厕燥夹隙淀"
    "倾唐熊慕劝醇囊访唱扭剩堪妇掺仁偷粮碍弯疫孕逃哀勉骚稀氏填齿筒峰押址森踏崇县刘耻颇懒秒碱硫硅疾瑞簿慰枕涩間炼洛忧碟渗筋纷肿"
    "桑淘敲侵尖桃绩尿剖伏揭邻君肝迁赔荣宋痴赚迪串瘾挤粹岗肺衰庸螺枝氯酯拾讯宏渴蚊肚搬浏慎乌萌恰栽滞杨鼻伪弥扎衍吐诸羡逛辅埋辩"
    "咖敞叭矛娜怒娓械癌昆瓜申枯奉姑柱雾啡喇铝赛棉贡酵株辐勒眠拓狼裁咯猜谨還锅陵玄胺币衷祖寓撕狠慨塘粥烯辆谷督截仰厨妻喻飘疏浙"
    "灌爬恒沾凹锐割贫挖蜜魂疯艰勾炫茫嵌艾徐撑腿燕呆爷傲鄙扯炸驾舞跌圳胸荧滚蕉吉纵芽委沒務姿兵滩溪誉苍嘻躺锌壮陶刊岸娘酮烷竹穷"
    "郑卸滥爹辘昌撞肋稚皆俩書赤沥旺芦辞钻柳戴旦琐耦刑肃渡宇昏撼屁咋渣钛黏挡伯筛稻疲润奏魅椅吻抄笨曼翼滨隆凸牢轰涨哗洒呜莉抛愈"
    "匹疆荒碗逊醉卓晃摔淑逝晦丑扑宅柴胁泊掘儒缠阁霸掩躁碌個蚀虾炭膏勤秦蚁钙俄酪毁席罚阔剔嘈薯牧氟窝卑堵辉吴谋钥兽奔咱恼饲梗寿"
    "杰垂絮税苹朵寂氛說耽帘瓷违颈辣韵葡颖坦浦匙奸肾酰洪窄氢崩渍枣伸盲腰跃萨匀姻骂肽腺歧叉萃拱胎唤惧帅铅届沼纺耕锈吊敌蒸裹旨逸"
    "俱稿壶乃妨僻來梳杭孢赋丙谦锡贮攻锂葛瑜颠煌坎耶俺為钮匆苷汁韧鸭仓纽腹姜蛇虹伍巫刮冤栋嘟牲侄钠醛焊桩瞬芳蕴朱宠摘沈赢塌丛漓"
    "戚坷叔旗過裤喊瑾笼熔沫嘉夷弗玛孝斥雀屈绎琢挨谅裕耀贪靓篡狭盟烃沌旱瓦茅赵捕芝喂敷祸姨覺睹哄椎罩肪唑衬凯鹿绵瓣夕恳臣時娃侃"
    "诞溃羽掏勘煎蓄溢泄砖瑕翅聘夺抬诠妥丧诈牺骄摊逗颌篮竭巢脾畸萝廓炮涤纱卵帧帽厘召胖谊冗卧饿睿扮遣哇豁盼陌莱削锋萄砌脊舶栅涯"
    "胀仙硝肩寅袭裸赫辱铭拐咬咕狐妆吱涡吾曝宰敛酚膨漠熙嫁皱梭熏嗦愁斤玫挚锆讼狱舌伽饼敦倡痒雕砸逢蟑螂會钝蔬藤栓痰淮阈弧狸伞碑"
    "髓沸蔽忌猛熬饥枪允帖婉妮嘘哟叨麼讽庙辟粪勿臂莲茄浑耍浩屡渊悍瘦栈兮嗯翁噩墅渤畜坪晋丸橙柏羟喘撤寺宙贤矫尴尬凤橡衔亿仇奢瞧"
    "漱讶浒剥坝魏筹嗜菊颅卜鲤舆渔仑陕蔡桂甄茂涌蛛鼎莎骤凶沦岂趟贱挣棍瘀禽咪粤苇蝶钾拦祈鄂碧绒咳瑶蜂寞啰歪澈兜滔绚實贺乖對瑰咔"
    "徒後捏蓬柑褥疮纬吞咽澄崛峡乔竖哑钓苑箭皂畏郎煮毅锻悄榻瞎給哨曦曰叮栏靶焰坊贷债巷澳枢帆锚遵疵寡撒寨迈孟麽呐俊婴茨拷淇惹躲"
    "抹煙當們枉點寰硼菱桔剑蒋嫩辽泌纲鹅蒂镁嘎扶窥邦莓墓宴邪妒愚暇昧歡暮凄崽簧杏啶捡垢"
)

_COMMON_WORDS = (
    "没有 酒店 不错 本书 可以 一个 房间 我们 感觉 还是 自己 比较 就是 喜欢 蒙牛 研究 非常 但是 这个 "
    "不是 问题 孩子 觉得 服务 什么 时候 而且 很多 知道 这样 因为 系统 有点 一般 现在 还有 内容 如果 "
    "入住 不能 不过 所以 作者 分析 一本 发现 看到 功能 方便 已经 价格 虽然 影响 朋友 时间 一些 他们 "
    "设计 手机 东西 故事 一样 应该 真的 中国 方法 屏幕 支持 不好 可能 有些 效果 生活 前台 希望 那么 "
    "早餐 怎么 一点 大家 不会 里面 质量 需要 一下 基于 结果 以后 推荐 对于 开始 一直 携程 特别 进行 "
    "只是 使用 只有 值得 实在 服务员 选择 其他 电池 一种 环境 通过 起来 地方 宾馆 晚上 速度 键盘 这么 "
    "适合 设施 建议 来说 驱动 最后 性价比 外观 声音 不要 应用 只能 不同 一定 客人 真是 可是 性能 这种 "
    "小时 儿子 其实 技术 阅读 为什么 方面 作为 内存 电话 铃声 工作 发展 安装 居然 失望 评价 容易 文字 "
    "很大 简单 之后 不到 那个 配置 要求 出来 介绍 小说 的话 后来 这些 另外 一次 了解 以前 及其 收到 "
    "网上 过程 满意 个人 态度 女儿 一起 呵呵 看看 历史 无法 套书 模型 舒服 确实 上网 根本 这里 散热 "
    "学习 评论 主要 总体 下次 所有 好像 位置 完全 教育 同时 基本 那些 宝宝 两个 如何 理论 提供 机器 "
    "此书 情况 也许 显示 拿到 竟然 原因 出现 直接 干净 社会 为了 然后 认为 世界 相当 结构 以及 看过 "
    "提出 第一次 麻烦 尤其 重要 关系 最好 能够 机子 本来 你们 原来 没什么 每个 关于 告诉 管理 具有 "
    "处理 由于 这次 电脑 其中 这本 理解 短信 明显 之前 免费 当然 做工 采用 方式 软件 不如 这家 今天 "
    "打电话 事情 任何 以为 几个 别人 标准 不够 摄像头 京东 很快 本人 找到 一天 便宜 作用 实用 控制 "
    "语言 点评 购买 治疗 下载 装修 存在 如此 得到 除了 能力 总是 人员 卫生间 好书 文化 许多 不知 "
    "是不是 味道 想象 读者 真正 图片 好看 当时 接受 打开 手感 交通 作品 第二天 部分 算法 还要 漂亮 "
    "经历 相信 提高 看着 分钟 绝对 特征 丰富 或者 我国 感受 客服 试验 于是 左右 才能 那样 经常 空调 "
    "更好 妈妈 牛奶 信号 十分 大堂 太小 当当网 经济 帮助 企业 网络 空间 人生 一套 同事 硬盘 成功 总之 "
    "知识 父母 每天 并且 水平 明白 估计 吸引 公司 不少 只要 爱情 餐厅 退房 条件 老师 简直 实现 反应 "
    "之间 感动 意义 产品 清晰 几乎 最大 预定 模式 运行 整体 考虑 信息 说明 那种 完美 还好 补充 设置 "
    "变化 发生 包装 正常 操作 女人 游戏 比如 目前 待机时间 心情 解决 优化 按键 样子 抵制 唯一 再次 "
    "利用 服务态度 读完 专业 订单 人物 价值 实际 颜色 文章 每次 伊利 相关 城市 算是 习惯 更加 首先 "
    "终于 不想 郁闷 画面 有时 不足 期待 检测 兴趣 硬件 不用 改进 三星 生命 幸福 优点 心理 多少 系列 "
    "不了 陈旧 印刷 是否 下去 商务 肯定 探讨 基础 垃圾 反馈 一切 特性 健康 过去 小孩 思想 电视 后悔 "
    "回来 送货 成为 所谓 情节 好多 感谢 甚至 清楚 隔音 的确 结合 成长 准备 缺点 早上 思考 认识 继续 "
    "改变 色彩 来看 是因为 遇到 必须 客房 似乎 本本 看起来 注意 机身 开机 差不多 版本 书籍 可惜 普通 "
    "数据 结果表明 观察 蓝牙 以上 风格 电影 表现 观点 重新 几天 升级 而是 道理 后面 可爱 死机 各种 "
    "快乐 真实 很小 笔记本 怎样 光盘 心里 行为 温度 日本 整个 联系 不行 买来 因素 决定 达到 办法 播放 "
    "同样 显卡 豪华 实验 品牌 看来 四星 遗憾 先生 经典 睡觉 模拟 地理位置 现象 正在 家长 合理 时尚 "
    "不仅 热情 角度 特点 至少 感到 来电 大概 很漂亮 下午 安静 一句 毕竟 材料 自动 其它 深刻 一家 安排 "
    "因此 饭店 稳定 要是 建立 解释 好好 两天 相对 增加 细节 像素 建设 快递 有人 即使 男人 研究进展 "
    "有效 不管"
).split()

_SIMBERT_SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
# Google's Chinese vocab: [PAD], then 99 reserved slots (the first three hold “ ” …), then these.
_BERT_SPECIALS = (["[PAD]", "\u201c", "\u201d", "\u2026"] + [f"[unused{i}]" for i in range(4, 100)]
                  + ["[UNK]", "[CLS]", "[SEP]", "[MASK]", "<S>", "<T>"])
_ASCII = [chr(c) for c in range(33, 127) if not "A" <= chr(c) <= "Z"]
_SYMBOLS = list("£¥§©«®°±²³·×÷αβγδεμπσω€℃№™←↑→↓√∞≤≥①②③④⑤■□▲△◆○●★☆♥、。〃々〇〈〉《》「」『』"
                "【】〔〕〖〗\u2014\u2018\u2019")
_FULLWIDTH = [chr(c) for c in range(0xFF01, 0xFF5F) if not "Ａ" <= chr(c) <= "Ｚ"] + ["￥"]
_LATIN_WORDS = ("... 10 2017 12 11 2016 20 30 15 100 2018 2015 000 50 the of and to in is it for on you "
                "##s ##ing ##ed ##er ##ly ##es ##a ##e ##i ##o ##n ##t ##0 ##1 ##2 ##5 app ok pc mp3 cpu "
                "wifi iphone ipad windows usb hd gps kg cm mm km mb gb vip qq ps").split()
_N_PIECES = 500  # '##' + the most frequent characters in the default vocab


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF
            or 0x2A700 <= code <= 0x2B73F or 0x2B740 <= code <= 0x2B81F or 0x2B820 <= code <= 0x2CEAF
            or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F)


def _is_punctuation(ch: str) -> bool:
    code = ord(ch)
    return (33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126
            or unicodedata.category(ch).startswith("P"))


def _is_redundant(token: str) -> bool:
    """bert4keras `Tokenizer._is_redundant`: a multi-character token holding CJK or punctuation."""
    if len(token) > 1:
        stem = token[2:] if token.startswith("##") else token
        return any(_is_cjk(ch) or _is_punctuation(ch) for ch in stem)
    return False


def vocab_key(line: str) -> str:
    """The token bert4keras reads from a vocab.txt line: its first whitespace-separated field.

    (Google's Chinese vocab has a line holding only U+2028, which `str.split` treats as whitespace:
    bert4keras's token for it is the empty string. `str.splitlines` would even split the file there.)
    """
    fields = line.split()
    return fields[0] if fields else line.strip()


def _read_vocab(path: Path) -> list[str]:
    """The lines of a vocab file (line breaks are only \\n, \\r\\n), first appearance of each token kept."""
    tokens: list[str] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8", newline="") as f:
        for line in f.read().split("\n"):
            line = line[:-1] if line.endswith("\r") else line
            key = vocab_key(line)
            if key not in seen:  # id = order of first appearance (bert4keras load_vocab)
                seen.add(key)
                tokens.append(line)
    if tokens and tokens[-1] == "":  # the final newline
        tokens.pop()
    return tokens


def _fillers(arch: str):
    """Tokens to extend a vocab with, most useful first (duplicates are skipped by the caller)."""
    chars_by_freq = list(_COMMON_CHARS)
    if arch != "simbert":
        yield from ("##" + ch for ch in chars_by_freq)
    if arch in ("t5", "wobert"):
        yield from _COMMON_WORDS
    block = [chr(c) for c in range(0x4E00, 0xA000)]
    yield from block
    if arch != "simbert":
        yield from ("##" + ch for ch in block)
        # pseudo-words: pairs of frequent characters
        for a in chars_by_freq:
            for b in chars_by_freq:
                yield a + b
    else:
        # simplified vocabs hold no multi-character CJK tokens: Latin pieces instead
        letters = "abcdefghijklmnopqrstuvwxyz0123456789"
        for n in (2, 3, 4):
            for i in range(len(letters) ** n):
                s = ""
                for _ in range(n):
                    i, r = divmod(i, len(letters))
                    s += letters[r]
                yield s
                yield "##" + s


def _natural_vocab(arch: str, base: list[str] | None) -> list[str]:
    if base is not None:
        if arch == "simbert":
            if all(t in base for t in _SIMBERT_SPECIALS) and "[MASK]" not in base:
                return list(base)  # already simplified
            return _SIMBERT_SPECIALS + [t for t in base if t not in _SIMBERT_SPECIALS and not _is_redundant(t)]
        for special in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"):
            if special not in base:
                raise ValueError(f"base vocab has no {special}: not the Google BERT layout")
        return list(base)
    chars = sorted(_COMMON_CHARS)
    if arch == "simbert":
        tokens = (_SIMBERT_SPECIALS + _ASCII + _SYMBOLS + chars + _FULLWIDTH
                  + [t for t in _LATIN_WORDS if not _is_redundant(t)])
    else:
        tokens = (_BERT_SPECIALS + _ASCII + _SYMBOLS + chars + _FULLWIDTH + _LATIN_WORDS
                  + ["##" + ch for ch in _COMMON_CHARS[:_N_PIECES]])
        if arch in ("t5", "wobert"):
            tokens += _COMMON_WORDS
    return tokens


# Vocab sizes of the real releases, used when a base vocab is given without a size.
_REAL_VOCAB_SIZE = {"wobert": 33586, "t5": 50000}


def test_vocab(arch: str, size: int | None = None, base_vocab: Path | None = None) -> list[str]:
    """A vocabulary in the layout of `arch`'s releases.

    Google BERT layout for roberta, roberta-plus, wobert and t5 ([PAD]=0, [UNK]=100, [CLS]=101,
    [SEP]=102, [MASK]=103; then punctuation, digits, Latin letters, 2500 common CJK characters,
    full-width forms, some Latin words and `##` pieces; multi-character Chinese words for t5 and
    wobert), SimBERT's simplified layout for simbert ([PAD]=0, [UNK]=1, [CLS]=2, [SEP]=3, no [MASK],
    no multi-character tokens holding CJK or punctuation, as bert4keras's `load_vocab(simplified=True)`).

    `base_vocab` (a Google-layout vocab.txt such as Google's Chinese BERT vocab) replaces the built-in
    tokens; for simbert it is simplified as bert4keras does. `size` truncates or extends (with further
    `##` pieces, words, CJK characters) to exactly that many tokens; without it the built-in vocab has
    its natural size (a few thousand) and a base vocab its own size (wobert 33586 and t5 50000: the
    base extended with words, like those releases).
    """
    _check_arch(arch)
    base = _read_vocab(Path(base_vocab)) if base_vocab is not None else None
    tokens = _natural_vocab(arch, base)
    if size is None and base is not None and arch in _REAL_VOCAB_SIZE:
        size = _REAL_VOCAB_SIZE[arch]
    if size is None:
        return tokens
    specials = _SIMBERT_SPECIALS if arch == "simbert" else _BERT_SPECIALS[: 104]
    if size < len(specials):
        raise ValueError(f"a {arch} vocab needs at least {len(specials)} tokens, not {size}")
    if size <= len(tokens):
        return tokens[:size]
    seen = set(tokens)
    for token in _fillers(arch):
        if len(tokens) >= size:
            break
        if token not in seen:
            seen.add(token)
            tokens.append(token)
    if len(tokens) < size:
        raise ValueError(f"cannot make {size} distinct {arch} tokens")
    return tokens


test_vocab.__test__ = False  # not a pytest test, whatever imports it


# --- variables ----------------------------------------------------------------------------------------

def _dims(config: dict) -> tuple[int, int, int, int, int, int, int]:
    h, a = config["hidden_size"], config["num_attention_heads"]
    d = config.get("attention_head_size") or h // a
    k = config.get("attention_key_size") or d
    return config["vocab_size"], h, config["num_hidden_layers"], a, d, k, config["intermediate_size"]


def variable_shapes(arch: str, config: dict, *, with_mlm_head: bool = True) -> dict[str, tuple[int, ...]]:
    """Checkpoint variable name -> stored shape, in the order they are drawn (zoo-facts §2).

    BERT family: no pooler for roberta/roberta-plus/wobert, a pooler for simbert; the MLM head
    (`cls/predictions/...`) unless `with_mlm_head=False`; no `cls/seq_relationship` (NSP) head.
    T5 (mt5.1.1): `with_mlm_head` is ignored (`decoder/logits/kernel` is always there).
    """
    v, h, n, a, d, k, i = _dims(config)
    shapes: dict[str, tuple[int, ...]] = {}
    if _family(arch) == "t5":
        if config.get("embedding_size") not in (None, h):
            raise ValueError("mt5.1.1 checkpoints have no embedding mapping: embedding_size must equal hidden_size")
        act = config.get("hidden_act")
        if not (isinstance(act, list) and len(act) == 2):
            raise ValueError(f"mt5.1.1 needs a gated FFN: hidden_act must be a list of two, not {act!r}")
        buckets = 32  # hard-coded in bert4keras
        shapes["shared/embedding"] = (v, h)
        for side in ("encoder", "decoder"):
            shapes[f"{side}/block_000/layer_000/SelfAttention/relative_attention_bias"] = (a, buckets)
            for b in range(n):
                p = f"{side}/block_{b:03d}/"
                attentions = ["layer_000/SelfAttention"]
                if side == "decoder":
                    attentions.append("layer_001/EncDecAttention")
                for att in attentions:
                    layer = att.split("/")[0]
                    shapes[p + f"{layer}/rms_norm/scale"] = (h,)
                    shapes[p + att + "/q"] = (h, a * k)
                    shapes[p + att + "/k"] = (h, a * k)
                    shapes[p + att + "/v"] = (h, a * d)
                    shapes[p + att + "/o"] = (a * d, h)
                ff = p + ("layer_001" if side == "encoder" else "layer_002")
                shapes[ff + "/rms_norm/scale"] = (h,)
                shapes[ff + "/DenseReluDense/wi_0/kernel"] = (h, i)
                shapes[ff + "/DenseReluDense/wi_1/kernel"] = (h, i)
                shapes[ff + "/DenseReluDense/wo/kernel"] = (i, h)
            shapes[f"{side}/rms_norm/scale"] = (h,)
        shapes["decoder/logits/kernel"] = (h, v)
        return shapes

    e = config.get("embedding_size") or h
    shapes["bert/embeddings/word_embeddings"] = (v, e)
    shapes["bert/embeddings/token_type_embeddings"] = (config.get("type_vocab_size", 2), e)
    shapes["bert/embeddings/position_embeddings"] = (config.get("max_position_embeddings", 512), e)
    shapes["bert/embeddings/LayerNorm/beta"] = (e,)
    shapes["bert/embeddings/LayerNorm/gamma"] = (e,)
    if e != h:
        shapes["bert/encoder/embedding_hidden_mapping_in/kernel"] = (e, h)
        shapes["bert/encoder/embedding_hidden_mapping_in/bias"] = (h,)
    for layer in range(n):
        p = f"bert/encoder/layer_{layer}/"
        for part, width in (("query", a * k), ("key", a * k), ("value", a * d)):
            shapes[p + f"attention/self/{part}/kernel"] = (h, width)
            shapes[p + f"attention/self/{part}/bias"] = (width,)
        shapes[p + "attention/output/dense/kernel"] = (a * d, h)
        shapes[p + "attention/output/dense/bias"] = (h,)
        shapes[p + "attention/output/LayerNorm/beta"] = (h,)
        shapes[p + "attention/output/LayerNorm/gamma"] = (h,)
        shapes[p + "intermediate/dense/kernel"] = (h, i)
        shapes[p + "intermediate/dense/bias"] = (i,)
        shapes[p + "output/dense/kernel"] = (i, h)
        shapes[p + "output/dense/bias"] = (h,)
        shapes[p + "output/LayerNorm/beta"] = (h,)
        shapes[p + "output/LayerNorm/gamma"] = (h,)
    if arch == "simbert":
        shapes["bert/pooler/dense/kernel"] = (h, h)
        shapes["bert/pooler/dense/bias"] = (h,)
    if with_mlm_head:
        shapes["cls/predictions/transform/dense/kernel"] = (h, e)
        shapes["cls/predictions/transform/dense/bias"] = (e,)
        shapes["cls/predictions/transform/LayerNorm/beta"] = (e,)
        shapes["cls/predictions/transform/LayerNorm/gamma"] = (e,)
        shapes["cls/predictions/output_bias"] = (v,)
    return shapes


def parameter_count(arch: str, config: dict, *, with_mlm_head: bool = True) -> int:
    """Number of float parameters in the checkpoint `write_release` would write."""
    return sum(math.prod(s) for s in variable_shapes(arch, config, with_mlm_head=with_mlm_head).values())


def draw_weights(arch: str, config: dict, *, seed: int = 0, with_mlm_head: bool = True) -> dict[str, np.ndarray]:
    """Checkpoint variable name -> float32 array in the stored layout, drawn from `default_rng(seed)`.

    Matrices: normal, std 1/sqrt(fan_in) clipped to [0.02, 0.1]; embeddings std 0.1; biases and
    LayerNorm betas std 0.02; LayerNorm gammas and RMSNorm scales 1 + 0.05 * normal;
    T5 relative attention biases std 0.1; T5 query kernels further scaled by 1/sqrt(head size), as T5
    initialises them. Stored layouts: see `variable_shapes`.
    """
    rng = np.random.default_rng(seed)
    arrays: dict[str, np.ndarray] = {}
    for name, shape in variable_shapes(arch, config, with_mlm_head=with_mlm_head).items():
        leaf = name.rsplit("/", 1)[-1]
        if leaf in ("gamma", "scale"):
            mean, std = 1.0, 0.05
        elif leaf in ("beta", "bias", "output_bias"):
            mean, std = 0.0, 0.02
        elif leaf in ("relative_attention_bias",) or "embedding" in leaf:
            mean, std = 0.0, 0.1
        else:  # kernels: q/k/v/o, dense kernels, logits
            mean, std = 0.0, float(np.clip(1.0 / math.sqrt(shape[0]), 0.02, 0.1))
            if arch == "t5" and leaf == "q":
                # T5 attention has no 1/sqrt(d) scale: T5 folds it into q's initialisation. Without it the
                # attention logits of a real-size random model are so spread out that float32 rounding
                # alone moves log-probabilities by ~1e-2 (in bert4keras as much as in ONNX).
                std /= math.sqrt(int(config.get("attention_head_size") or config["hidden_size"] // config["num_attention_heads"]))
        value = rng.standard_normal(shape, dtype=np.float32)
        value *= np.float32(std)
        if mean:
            value += np.float32(mean)
        arrays[name] = value
    return arrays


def keras_layout(name: str, value: np.ndarray) -> np.ndarray:
    """The array bert4keras puts into its Keras weight for checkpoint variable `name`."""
    if "relative_attention_bias" in name or name == "cls/seq_relationship/output_weights":
        return value.T
    return value


# --- writing ------------------------------------------------------------------------------------------

def _save_checkpoint(prefix: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write a TF1 name-based (V2) checkpoint `prefix.index` + `prefix.data-00000-of-00001`."""
    from zoo_desktop.convert.b4k import load_tensorflow

    tf = load_tensorflow()
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        feeds, variables, inits = {}, {}, []
        for name, value in arrays.items():
            placeholder = v1.placeholder(tf.as_dtype(value.dtype), shape=value.shape)
            variable = v1.Variable(placeholder, name=name, trainable=True, use_resource=False)
            if variable.op.name != name:
                raise RuntimeError(f"TensorFlow renamed variable {name!r} to {variable.op.name!r}")
            feeds[placeholder] = value
            variables[name] = variable
            inits.append(variable.initializer)
        saver = v1.train.Saver(var_list=variables, write_version=v1.train.SaverDef.V2,
                               save_relative_paths=True)
        config = v1.ConfigProto(device_count={"GPU": 0})
        with v1.Session(graph=graph, config=config) as sess:
            sess.run(inits, feed_dict=feeds)
            saver.save(sess, str(prefix), write_meta_graph=False, write_state=False)


def _write_folder(folder: Path, arch: str, config: dict, vocab: list[str], arrays: dict[str, np.ndarray]) -> None:
    family = _family(arch)
    folder.mkdir(parents=True)
    with open(folder / CONFIG_FILE[family], "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2, ensure_ascii=False)
        f.write("\n")
    with open(folder / "vocab.txt", "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(token + "\n" for token in vocab))
    _save_checkpoint(folder / CHECKPOINT_PREFIX[family], arrays)
    expected = set(release_files(arch))
    present = {p.name for p in folder.iterdir()}
    if present != expected:
        raise RuntimeError(f"checkpoint writer left {sorted(present)}, expected {sorted(expected)}")


def release_files(arch: str) -> tuple[str, ...]:
    """The four file names of a release folder of `arch`."""
    family = _family(arch)
    prefix = CHECKPOINT_PREFIX[family]
    return (CONFIG_FILE[family], f"{prefix}.data-00000-of-00001", f"{prefix}.index", "vocab.txt")


def write_release(
    arch: str,
    dest_dir: Path,
    *,
    config: dict | None = None,
    vocab: list[str] | None = None,
    name: str | None = None,
    seed: int = 0,
    as_zip: bool = False,
    with_mlm_head: bool = True,
    overwrite: bool = False,
) -> Path:
    """Write a random-weight release of `arch` under `dest_dir`; return the folder (or zip) path.

    The folder `dest_dir/name` holds the four files of a real release (see `release_files`); with
    `as_zip=True` it is instead packed as `dest_dir/name.zip` with that folder as its single top
    entry (small files deflated, the checkpoint data stored) and no folder is left behind.
    `config` defaults to `small_config(arch)`; `vocab` to `test_vocab(arch, config['vocab_size'])`
    when a config is given, else `test_vocab(arch)`. The config's `vocab_size` is set to `len(vocab)`;
    a config whose `vocab_size` disagrees with a given vocab is an error. `name` defaults to
    `default_name(arch, config)`. Weights: `draw_weights(arch, config, seed=seed, ...)`.
    An existing target is an error unless `overwrite=True`.
    """
    _check_arch(arch)
    if config is None and vocab is None:
        config = small_config(arch)
        vocab = test_vocab(arch)
    elif config is None:
        config = small_config(arch)
    else:
        config = json.loads(json.dumps(config))
        if vocab is None:
            vocab = test_vocab(arch, config.get("vocab_size"))
        elif config.get("vocab_size") not in (None, len(vocab)):
            raise ValueError(f"config vocab_size {config['vocab_size']} != len(vocab) {len(vocab)}")
    if any(not t or "\n" in t or "\r" in t for t in vocab):
        raise ValueError("vocab tokens must be non-empty single lines")
    if len({vocab_key(t) for t in vocab}) != len(vocab):
        raise ValueError("vocab has duplicate tokens (as bert4keras reads them)")
    config["vocab_size"] = len(vocab)
    name = name or default_name(arch, config)
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        raise ValueError(f"bad release name {name!r}")

    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / (name + ".zip" if as_zip else name)
    if target.exists() or target.is_symlink():
        if not overwrite:
            raise FileExistsError(f"{target} exists (pass overwrite=True to replace it)")
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        else:
            target.unlink()

    arrays = draw_weights(arch, config, seed=seed, with_mlm_head=with_mlm_head)
    if not as_zip:
        _write_folder(target, arch, config, vocab, arrays)
        return target

    staging = Path(tempfile.mkdtemp(prefix=".random-release-", dir=dest_dir))
    try:
        folder = staging / name
        _write_folder(folder, arch, config, vocab, arrays)
        partial = staging / (name + ".zip")
        with zipfile.ZipFile(partial, "w") as zf:
            zf.writestr(zipfile.ZipInfo(name + "/", date_time=(2020, 1, 1, 0, 0, 0)), b"")
            for file_name in release_files(arch):
                data = file_name.endswith(".data-00000-of-00001")
                zf.write(folder / file_name, f"{name}/{file_name}",
                         compress_type=zipfile.ZIP_STORED if data else zipfile.ZIP_DEFLATED)
        partial.replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


# --- CLI ----------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m zoo_desktop.convert.random_checkpoint",
        description="Write a random-weight release laid out like the zoo's archives.",
    )
    parser.add_argument("model", metavar="ARCH_OR_MODEL_ID",
                        help=f"architecture ({', '.join(ARCHITECTURES)}) or model id ({', '.join(MODEL_IDS)})")
    parser.add_argument("dest", type=Path, metavar="DEST", help="folder to write the release into")
    parser.add_argument("--real", action="store_true",
                        help="real dimensions and archive name of a model id (default: small test dimensions)")
    parser.add_argument("--zip", action="store_true", help="write NAME.zip holding the folder, like a release")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--base-vocab", type=Path, default=None,
                        help="Google-layout vocab.txt to take tokens from (e.g. Google's Chinese BERT vocab)")
    parser.add_argument("--no-mlm-head", action="store_true", help="BERT family: leave out cls/predictions/*")
    parser.add_argument("--overwrite", action="store_true")
    args = parser.parse_args(argv)

    name = None
    if args.model in MODEL_IDS:
        arch = arch_of(args.model)
        if args.real:
            config = real_config(args.model)
            name = release_name(args.model)
        else:
            config = small_config(arch)
    elif args.model in ARCHITECTURES:
        if args.real:
            parser.error(f"--real needs a model id ({', '.join(MODEL_IDS)}), not an architecture")
        arch, config = args.model, small_config(args.model)
    else:
        parser.error(f"unknown architecture or model id {args.model!r}")
    vocab = test_vocab(arch, config["vocab_size"], base_vocab=args.base_vocab)
    path = write_release(arch, args.dest, config=config, vocab=vocab, name=name, seed=args.seed,
                         as_zip=args.zip, with_mlm_head=not args.no_mlm_head, overwrite=args.overwrite)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
