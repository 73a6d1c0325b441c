"""A small development set of resident-style questions, written for the search tests.

Independent of evaluation/data/search_questions.yml (which is only measured,
never tuned on). Each entry: question, codes a ward officer would accept.
"""

ANSWERABLE = [
    # residence
    ("đăng ký tạm trú cho người thuê phòng trọ", ["1.004194"]),
    ("dang ky tam tru o nha tro can gi", ["1.004194"]),
    ("xin gia hạn tạm trú", ["1.002755"]),
    ("khai bao tam vang di lam an xa", ["1.003677"]),
    ("nhập hộ khẩu cho vợ về nhà chồng", ["1.004222"]),
    ("xoa dang ky tam tru", ["1.010028"]),
    ("tách hộ khẩu ra riêng", ["1.010038"]),
    ("xác nhận thông tin cư trú", ["1.010041"]),
    ("thông báo lưu trú cho khách ở nhờ", ["2.001159"]),
    # identity
    ("lam can cuoc cho be 10 tuoi", ["1.014062", "1.012549"]),
    ("đổi thẻ căn cước khi hết hạn", ["1.014063"]),
    ("mat the can cuoc phai lam lai", ["1.014064"]),
    ("kích hoạt định danh điện tử mức 2", ["3.000228"]),
    ("làm hộ chiếu lần đầu", ["1.001456"]),
    ("bao mat ho chieu", ["1.010386", "1.010385", "1.001445"]),
    ("thoi quoc tich viet nam", ["2.002036"]),
    ("làm phiếu lý lịch tư pháp", ["3.000333"]),
    # civil status
    ("làm giấy khai sinh cho em bé mới sinh", ["1.001193"]),
    ("đăng ký kết hôn với người nước ngoài", ["2.000806"]),
    ("dang ky lai ket hon", ["1.004746"]),
    ("đăng ký khai tử cho bà", ["1.000656"]),
    ("xin trích lục bản sao giấy khai sinh", ["2.000635"]),
    ("nhận con nuôi trong nước", ["2.001263"]),
    ("dang ky cham dut giam ho", ["1.004845"]),
    ("xin giấy xác nhận tình trạng hôn nhân", ["1.004873"]),
    # certification
    ("chứng thực bản sao sổ hộ khẩu", ["2.000815"]),
    ("chung thuc chu ky tren giay uy quyen", ["2.000884"]),
    ("chứng thực di chúc", ["2.001019"]),
    ("chung thuc hop dong mua ban nha dat", ["2.001035"]),
    ("chứng thực văn bản phân chia di sản thừa kế", ["2.001406"]),
    # business, building, land, vehicles
    ("mở tiệm tạp hóa đăng ký hộ kinh doanh", ["1.001612"]),
    ("tam ngung kinh doanh ho ca the", ["1.001570"]),
    ("xin giay phep sua chua nha", ["1.013229"]),
    ("hoa giai tranh chap dat dai voi hang xom", ["1.012812"]),
    ("tach thua dat", ["1.012784"]),
    ("sang tên xe máy mua lại", ["1.013076"]),
    ("dang ky xe moi mua lan dau", ["1.013067", "1.012575", "1.013066"]),
    ("cap lai bang lai xe", ["3.000348"]),
    # social
    ("cấp thẻ bảo hiểm y tế", ["2.000639"]),
    ("xét hộ nghèo hộ cận nghèo", ["1.011607", "1.011606"]),
    ("ủy quyền lĩnh thay lương hưu", ["1.001601"]),
    # less common, long official names
    ("khai lệ phí trước bạ nhà đất", ["1.007277"]),
    ("quyet toan thue thu nhap ca nhan tien luong", ["1.008309"]),
    ("xin phép dùng tạm vỉa hè để làm đám cưới", ["1.013274"]),
    ("đăng ký mua nhà ở xã hội", ["1.014632"]),
    ("cong nhan nguoi lao dong co thu nhap thap", ["3.000412"]),
    ("đổi sổ đỏ cũ sang mẫu mới", ["1.012783"]),
    ("chuyen muc dich su dung dat khong phai xin phep", ["1.013992"]),
    ("cấp lại giấy phép xây dựng", ["1.013228", "1.013235"]),
    ("gia han giay phep xay dung nha", ["1.013227", "1.013233"]),
    ("cấp bản sao từ sổ gốc", ["2.000908"]),
    ("dang ky chuyen doi cay trong tren dat lua", ["1.008004"]),
    ("xác nhận số chứng minh nhân dân 9 số cũ", ["1.012566"]),
    ("khai bao tam tru cho nguoi nuoc ngoai", ["1.000253"]),
    ("chứng thực văn bản từ chối nhận di sản", ["2.001016"]),
    ("cong nhan hoa giai vien", ["1.002211"]),
    ("đăng ký khai sinh lưu động", ["1.003583"]),
    ("dang ky giam sat viec giam ho", ["3.000323"]),
    ("truy lĩnh lương hưu của người đã mất", ["2.000717"]),
    ("thay doi noi dung dang ky ho kinh doanh", ["2.000720"]),
    ("cấp lại giấy chứng nhận đăng ký hộ kinh doanh bị mất", ["2.000575"]),
]

OFF_TOPIC = [
    "thời tiết hôm nay thế nào",
    "gia vang hom nay bao nhieu",
    "quán cà phê nào ngon gần đây",
    "tối qua đội nào thắng bóng đá",
    "mấy giờ rồi bạn",
    "con mèo nhà em bị ốm phải làm sao",
    "cho em hoi duong di ra cho ben thanh",
    "tư vấn giúp em mua điện thoại nào tốt",
    "hom nay an gi ngon",
    "bài hát nào đang hot nhất",
    "lãi suất ngân hàng tháng này bao nhiêu",
    "viết giúp em bài văn tả mẹ",
]

# Name a family of procedures, not one of them.
AMBIGUOUS = [
    ("căn cước", {"1.014061", "1.014062", "1.014063", "1.014064"}),
    ("chứng thực", {"2.000815", "2.000884", "2.001019", "2.001035"}),
]
