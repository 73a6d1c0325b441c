"""Which part of a procedure a resident asks about: documents, fee, time, where, online.

Phrases are matched on the folded, abbreviation-expanded key (`match_key`), so
"mất bao lâu", "mat bao lau" and "mat bn ngay" all reach the processing time.
"""

from __future__ import annotations

from vietnamese_text import match_key

ASPECT_PHRASES: dict[str, tuple[str, ...]] = {
    "documents": ("giay to", "ho so gom", "ho so can", "can gi", "can nhung gi", "mang theo", "mang gi", "chuan bi",
                  "thanh phan", "giay gi", "can mang", "can giay", "to khai", "ban sao", "mau don"),
    "fee": ("le phi", "phi", "bao nhieu tien", "ton bao nhieu", "mat bao nhieu tien", "tien", "mien phi", "ton tien",
            "mat tien", "gia bao nhieu", "tra tien"),
    "time": ("bao lau", "may ngay", "thoi gian", "bao nhieu ngay", "lau khong", "khi nao co", "may hom", "bao gio co",
             "mat may", "thoi han", "lau ko", "nhanh khong"),
    "where": ("o dau", "noi nao", "cho nao", "nop o", "den dau", "co quan nao", "lam o", "dia chi", "di dau",
              "ra dau", "toi dau", "len dau", "phuong nao"),
    "online": ("online", "onl", "truc tuyen", "qua mang", "tren mang", "dich vu cong", "tai nha", "qua app",
               "nop mang", "internet", "cong dich vu"),
    "steps": ("cac buoc", "trinh tu", "quy trinh", "lam the nao", "lam sao", "nhu the nao", "cach lam", "lam ntn",
              "huong dan lam"),
    "conditions": ("dieu kien", "yeu cau gi", "ai duoc"),
}


def detect_aspects(text: str) -> set[str]:
    """Aspects named in the question; empty means 'tell me about this procedure'."""
    key = f" {match_key(text)} "
    return {aspect for aspect, phrases in ASPECT_PHRASES.items() if any(f" {p} " in key for p in phrases)}


def strip_aspect_words(text: str) -> str:
    """The question without aspect phrases and filler, to tell a follow-up from a new question."""
    key = f" {match_key(text)} "
    for phrases in ASPECT_PHRASES.values():
        for phrase in phrases:
            key = key.replace(f" {phrase} ", " ")
    return " ".join(word for word in key.split() if word not in FILLER)


FILLER = frozenset(
    "cho em anh chi toi minh hoi xin vay thi con nua va voi a nhe nha oi ak ha khong la co duoc the nao bao "
    "nhieu gi lam thu tuc cai do nay kia dc ko k ad ban mat nop con".split()
)
