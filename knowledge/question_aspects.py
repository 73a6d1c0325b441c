"""Which part of a procedure a resident asks about: documents, fee, time, where, online.

Phrases are matched on the folded, abbreviation-expanded key (`match_key`), so
"mất bao lâu", "mat bao lau" and "mat bn ngay" all reach the processing time.
"""

from __future__ import annotations

import re

from vietnamese_text import clean_text, fold, match_key, nfc, word_key

ASPECT_PHRASES: dict[str, tuple[str, ...]] = {
    "documents": ("giay to", "ho so gom", "ho so can", "can gi", "can nhung gi", "mang theo", "mang gi", "chuan bi",
                  "thanh phan", "giay gi", "can mang", "can giay", "co can", "can ban", "nop kem", "phai co giay",
                  # "phải mang bản gốc theo luôn hả", "mẫu đơn là mẫu nào vậy" ("bản chính", "bản dịch" name
                  # procedures: "cấp bản sao từ bản chính", "chứng thực chữ ký người dịch")
                  "ban goc", "mau don", "mau nao", "theo mau", "mau to khai",
                  # "hồ sơ tử tuất gồm những gì", "có mã định danh là đủ"
                  "gom nhung gi", "gom gi", "gom nhung giay", "la du",
                  "documents", "papers", "what do i need", "what should i bring", "need to bring", "requirements"),
    "fee": ("le phi", "phi", "bao nhieu tien", "ton bao nhieu", "mat bao nhieu tien", "tien", "mien phi", "ton tien",
            "mat tien", "gia bao nhieu", "tra tien", "mot trang", "1 trang", "moi trang", "tinh phi", "thu phi",
            "per page",
            "fee", "fees", "cost", "how much", "price", "charge"),
    "time": ("bao lau", "may ngay", "thoi gian", "bao nhieu ngay", "lau khong", "khi nao co", "may hom", "bao gio co",
             "mat may", "thoi han", "lau ko", "nhanh khong", "thi xong", "moi xong", "trong ngay", "lay ngay",
             "lay lien", "co lien",
             # "mất nhiều ngày không", "hạn chót quyết toán là ngày mấy", "hạn nộp tờ khai là khi nào"
             "nhieu ngay", "han chot", "han nop", "ngay may", "khi nao", "lau hong",
             "how long", "how many days", "processing time", "when will i get"),
    "where": ("o dau", "noi nao", "cho nao", "nop o", "den dau", "co quan nao", "lam o", "dia chi", "di dau",
              "ra dau", "toi dau", "len dau", "phuong nao", "phai len", "len quan", "ra phuong", "len phuong",
              "where", "which office"),
    "online": ("online", "onl", "truc tuyen", "qua mang", "tren mang", "dich vu cong", "tai nha", "qua app",
               "tren app", "tren vneid", "qua vneid", "tren dien thoai", "qua dien thoai", "qua zalo",
               "nop mang", "internet", "cong dich vu", "nop qua", "vssid",
               "apply online", "on the internet"),
    "steps": ("cac buoc", "trinh tu", "quy trinh", "lam the nao", "lam sao", "nhu the nao", "cach lam", "lam ntn",
              "the nao", "buoc nao", "nhung buoc", "may buoc", "bao nhieu buoc", "tung buoc",
              "huong dan lam", "what are the steps", "which steps"),
    "conditions": ("dieu kien", "yeu cau gi", "ai duoc", "co phai", "phai co mat", "co mat", "bi phat", "co bi",
                   "bat buoc", "toi thieu", "may lan", "bao nhieu lan", "phai di", "di cung", "di chung",
                   "khong di duoc", "hai vo chong", "2 vo chong",
                   # who may go: "cháu phải tự đi đăng ký hay gia đình đứng đơn thay được?"
                   "tu di", "di thay", "nop thay", "lam thay", "dung don", "thay duoc", "nho nguoi",
                   # "thu nhập bao nhiêu thì được xem là thu nhập thấp"
                   "duoc xem la", "duoc coi la"),
    "result": ("ket qua", "tra ket qua", "nhan ket qua", "gui ve", "ve tan nha", "nhan o dau", "lay o dau",
               "nhan duoc gi", "duoc cap gi",
               # "có được bản giấy không hay chỉ có bản điện tử", "giấy đó có giá trị bao lâu"
               "ban giay", "ban dien tu", "gia tri su dung", "co gia tri", "han su dung"),
    "legal_basis": ("can cu", "luat nao", "nghi dinh", "thong tu", "quy dinh nao", "theo luat", "van ban nao",
                    "co so phap ly"),
}


# "có căn cước" folds to "co can cuoc", which holds "có cần" (a documents question); "có cần căn cước" keeps it
_ID_CARD = " can cuoc "


def detect_aspects(text: str) -> set[str]:
    """Aspects named in the question; empty means 'tell me about this procedure'."""
    key = f" {match_key(text)} ".replace(_ID_CARD, " can_cuoc ")
    return {aspect for aspect, phrases in ASPECT_PHRASES.items() if any(f" {p} " in key for p in phrases)}


def strip_aspect_words(text: str, typed: bool = False) -> str:
    """The question without aspect phrases and filler, to tell a follow-up from a new question.

    Filler is judged on the word as typed: "mất" (lost) is content while "mấy" is not, and
    "bản"/"bán" are content while "bạn" is not. Without diacritics such words are ambiguous
    ("ban", "mat", "do" as in "sổ đỏ"), so only unambiguous ones are dropped. `typed`: keep the words
    typed with diacritics as typed (lower-cased) instead of folding them.
    """
    # An abbreviation's expansion is content, never filler: "cmnd" gives "chung minh nhan dan", whose "minh"
    # must not go the way of the pronoun "mình".
    words = [(word, key, len(expanded) > 1) for word in _WORD.findall(clean_text(text))
             for expanded in [word_key(word).split()] for key in expanded]
    keys = [key for _, key, _ in words]
    covered = set()  # every word inside any aspect or noise phrase, overlaps included ("can giay" + "giay to")
    for phrase in _PHRASES:
        size = len(phrase)
        for start in range(len(keys) - size + 1):
            if tuple(keys[start:start + size]) == phrase and not _splits_id_card(keys, start + size):
                covered.update(range(start, start + size))
    kept = [(word, key) for index, (word, key, expansion) in enumerate(words)
            if index not in covered and (expansion or not _is_filler(word, key))]
    if typed:  # the words as typed where they carry diacritics (the embedding reads them), folded keys otherwise
        return " ".join(word.lower() if _accented(word) and word_key(word) == key else key for word, key in kept)
    return " ".join(key for _, key in kept)


def _splits_id_card(keys: list[str], end: int) -> bool:
    """A phrase ending in "can" right before "cuoc": "có căn cước" is no "có cần" question."""
    return keys[end - 1] == "can" and keys[end:end + 1] == ["cuoc"]


def _accented(word: str) -> bool:
    return fold(word) != word.lower().replace("đ", "d")


def _is_filler(word: str, key: str) -> bool:
    typed_plain = fold(word) == word.lower().replace("đ", "d")
    return key in PLAIN_FILLER if typed_plain else nfc(word).lower() in ACCENTED_FILLER


_WORD = re.compile(r"\w+")
# Words that only shape the question. Unaccented forms that are also content words are left out.
ACCENTED_FILLER = frozenset(
    "cho em anh chị tôi mình hỏi xin vậy thì còn nữa và với ạ dạ nhé nha ơi à hả không là có được thế nào bao "
    "nhiêu gì làm cái đó này kia bạn nộp ad ko k dc đc z j mấy ở".split()
)
PLAIN_FILLER = frozenset(
    "cho em anh toi minh hoi xin vay thi nua voi a nhe oi ak ha khong la co duoc nao nhieu gi lam dc ko k ad "
    "nop z j o".split()
)
# Phrases that name no procedure but occur in many official names ("Ủy ban nhân dân cấp xã").
# Offices named as where to go ("lên sở tư pháp", "ra công an phường") say where, not which procedure;
# "tư pháp" alone stays ("lý lịch tư pháp").
AGENCY_PHRASES = ("so tu phap", "phong tu phap", "cong an phuong", "cong an xa", "cong an quan", "cong an huyen",
                  "ubnd phuong", "ubnd xa", "ubnd quan", "uy ban phuong", "uy ban xa", "uy ban quan", "benh vien",
                  "bo phan mot cua", "phong xuat nhap canh", "so tai nguyen", "van phong dang ky dat dai")
NOISE_PHRASES = ("thu tuc", "uy ban nhan dan", "uy ban", "o phuong", "cua phuong", "o xa", "bao nhieu", "nhu the nao",
                 "the nao", "lam sao", "ra sao", "duoc khong", "phai khong", "mat may ngay", "mat bao lau",
                 "mat bao nhieu")
_PHRASES = [tuple(p.split()) for p in [*NOISE_PHRASES, *AGENCY_PHRASES,
                                      *(p for ps in ASPECT_PHRASES.values() for p in ps)]]
