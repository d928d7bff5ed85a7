"""A small, well-formed roadmap registered as a plugin, for the exporter tests.

It has two tracks, a cross-track prerequisite, every role (core, optional, a
group of alternatives), notes, emphasis, papers with and without arXiv ids, a
book, authorless and untranslated entries, a URL with parentheses, and an
unplaced resource.
"""

import sys

from llm_roadmap import hookimpl


def _t(zh, en=None):
    return {"zh": zh, "en": en if en is not None else zh}


RESOURCES = [
    {
        "id": "attention-is-all-you-need",
        "title": "Attention Is All You Need",
        "url": "https://arxiv.org/abs/1706.03762",
        "kind": "paper",
        "language": "en",
        "authors": ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit"],
        "year": 2017,
        "identifiers": {"arxiv": "1706.03762"},
        "description": _t("Transformer 的原始论文。", "The paper that introduced the Transformer."),
        "level": "intermediate",
        "tags": ["transformer", "attention"],
    },
    {
        "id": "bert",
        "title": "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        "url": "https://arxiv.org/abs/1810.04805",
        "kind": "paper",
        "language": "en",
        "authors": ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"],
        "year": 2018,
        "identifiers": {"arxiv": "1810.04805", "doi": "10.18653/v1/N19-1423"},
        "description": _t("双向预训练编码器。", "Bidirectional pre-trained encoders."),
    },
    {
        "id": "attention-blog",
        "title": "The Illustrated Transformer",
        "url": "https://jalammar.github.io/illustrated-transformer/",
        "kind": "blog",
        "language": "en",
        "authors": ["Jay Alammar"],
        "year": 2018,
        "description": _t("图解 Transformer。", "The Transformer, in pictures."),
    },
    {
        "id": "d2l",
        "title": _t("动手学深度学习", "Dive into Deep Learning"),
        "url": "https://d2l.ai/",
        "kind": "book",
        "language": "zh",
        "authors": ["Aston Zhang", "Zachary C. Lipton", "Mu Li", "Alexander J. Smola"],
        "year": 2023,
        "publisher": "Cambridge University Press",
        "identifiers": {"isbn": "9781009389433"},
        "description": _t("交互式深度学习教材。", "An interactive deep learning textbook."),
        "level": "beginner",
    },
    {
        "id": "d2l-vaswani-clash",
        "title": "Attention Is All You Need: Revisited",
        "url": "https://example.org/revisited",
        "kind": "paper",
        "language": "en",
        "authors": ["Ashish Vaswani"],
        "year": 2017,
        "description": _t(
            "同名同年的论文，用来测试引用键冲突。", "Same first author, year and word: a key clash."
        ),
    },
    {
        "id": "wiki-attention",
        "title": "Attention (machine learning)",
        "url": "https://en.wikipedia.org/wiki/Attention_(machine_learning)",
        "kind": "article",
        "language": "en",
        "description": _t("维基百科条目。", "The Wikipedia article."),
        "free": True,
    },
    {
        "id": "cs224n",
        "title": "CS224N: Natural Language Processing with Deep Learning",
        "url": "https://web.stanford.edu/class/cs224n/",
        "kind": "course",
        "language": "en",
        "authors": ["Christopher Manning"],
        "description": _t("斯坦福 NLP 课程。", "Stanford's NLP course."),
        "free": False,
    },
    {
        "id": "unplaced-tool",
        "title": "Some Tool",
        "url": "https://example.org/tool?x=1&y=2",
        "kind": "tool",
        "language": "en",
        "description": _t("没有被任何主题使用。", "Not placed in any topic."),
    },
]

TRACKS = [
    {
        "id": "foundations",
        "title": _t("基础", "Foundations"),
        "summary": _t("深度学习与 NLP 基础。", "Deep learning and NLP basics."),
        "order": 10,
        "emphasis": "essential",
        "note": _t("先打好基础。", "Get the basics right first."),
        "topics": [
            {
                "id": "deep-learning",
                "title": _t("深度学习", "Deep learning"),
                "summary": _t("神经网络与训练。", "Neural networks and how to train them."),
                "concepts": [_t("反向传播", "backpropagation"), _t("优化", "optimisation")],
                "resources": [
                    {"resource": "d2l", "note": _t("读前八章。", "Read the first eight chapters.")},
                    {"resource": "cs224n", "role": "optional"},
                ],
            },
            {
                "id": "nlp-basics",
                "title": _t("NLP 基础", "NLP basics"),
                "summary": _t("词向量与序列模型。", "Word vectors and sequence models."),
                "prerequisites": ["deep-learning"],
                "emphasis": "background",
                "resources": [{"resource": "cs224n"}],
            },
        ],
    },
    {
        "id": "transformers",
        "title": _t("Transformer", "Transformers"),
        "summary": _t("注意力机制与 Transformer。", "Attention and the Transformer."),
        "order": 20,
        "topics": [
            {
                "id": "attention",
                "title": _t("注意力机制", "Attention"),
                "summary": _t("注意力是什么。", "What attention is."),
                "prerequisites": ["nlp-basics"],
                "emphasis": "essential",
                "note": _t("一定要自己推导一遍。", "Derive it once yourself."),
                "resources": [
                    {"resource": "attention-is-all-you-need"},
                    {"resource": "attention-blog", "role": "alternative", "group": "explainers"},
                    {
                        "resource": "wiki-attention",
                        "role": "alternative",
                        "group": "explainers",
                        "note": _t("更简短。", "Shorter."),
                    },
                    {"resource": "d2l-vaswani-clash", "role": "optional"},
                ],
            },
            {
                "id": "pretraining",
                "title": _t("预训练", "Pre-training"),
                "summary": _t("BERT 与 GPT。", "BERT and GPT."),
                "prerequisites": ["attention", "deep-learning"],
                "emphasis": "selective",
                "resources": [
                    {"resource": "bert"},
                    {"resource": "attention-is-all-you-need", "role": "optional"},
                ],
            },
        ],
    },
]


@hookimpl
def register_tracks(register):
    register({"tracks": TRACKS, "resources": RESOURCES})


def load(**kwargs):
    """Load only this sample (plus the built-in exporters), isolated from the environment."""
    import llm_roadmap

    options = {
        "plugins": [],
        "disable_plugins": ["llm_roadmap.bundled"],
        "environ": {},
        "strict": True,
    }
    options.update(kwargs)
    return llm_roadmap.load(extra_plugins=[("sample", sys.modules[__name__])], **options)
