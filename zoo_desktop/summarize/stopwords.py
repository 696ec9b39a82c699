"""A small built-in Chinese/English stopword list for the extractive summarizer.

Function words, pronouns, conjunctions, auxiliaries and the most common verbs of academic prose
that carry no topic ("进行", "采用", "表明"); punctuation is filtered separately.
"""

from __future__ import annotations

_ZH = """
的 地 得 了 着 过 是 在 和 与 及 以及 或 或者 而 而且 并 并且 且 也 还 又 都 就 才 只 仅 仅仅
把 被 将 对 对于 关于 由 由于 从 自 向 往 于 以 为 为了 因 因为 所以 因此 故 但 但是 然而 而是
如果 若 则 即 即使 虽然 尽管 不过 可 可以 能 能够 会 要 应 应该 需 需要 必须 可能 已 已经
这 那 这些 那些 这个 那个 这种 那种 这样 那样 此 其 其中 之 之一 该 各 每 某 本 另 其他 其它
我 我们 你 你们 他 他们 她 它 它们 自己 大家 人们
一 一个 一种 一些 一定 一般 一样 两 两个 几 多 很 较 更 最 非常 十分 比较 相当 特别 尤其
有 有的 没有 无 不 没 非 未 所 所有 任何 什么 怎么 怎样 如何 为何 哪 哪些 谁 吗 呢 吧 啊 呀
等 等等 中 上 下 内 外 前 后 里 间 之间 之中 以上 以下 以来 以后 以前 时 时候 方面 情况
通过 进行 采用 利用 使用 根据 按照 基于 依据 经过 针对 围绕 结合 提出 给出 得到 得出 获得
表明 显示 说明 发现 认为 指出 证明 具有 存在 包括 包含 成为 作为 达到 实现 提高 分析 研究
本文 文章 论文 文中 我国 目前 当前 现在 近年来 同时 此外 另外 以便 从而 进而 然后 最后 首先 其次
结果 结论 目的 方法 背景 意义 问题 方式 过程 主要 重要 相关 有关 不同 一定 相应 具体 一直
"""

_EN = """
a an the and or but if then else of to in on at by for with from as is are was were be been being
this that these those it its we our they their he she his her you your i me my not no yes
can could may might will would shall should must do does did done have has had having
which who whom whose what when where why how than so such also very more most many much some any
all each both either neither into onto over under between about after before during while
"""

STOPWORDS: frozenset[str] = frozenset(_ZH.split()) | frozenset(_EN.split())
