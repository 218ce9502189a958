"""Procedure names of the fictional department, in the style of the national TTHC database.

Each block is ``(unit, field, season, [(tier, name), ...])``; tiers are the volume classes of
:data:`kpi.synth.design.TIER_WEIGHT` (H mass procedures … R rare).
"""

from __future__ import annotations

Block = tuple[str, str, str, list[tuple[str, str]]]

PROVINCE: list[Block] = [
    ("CNTY", "Thú y", "animal", [
        ("H", "Cấp Giấy chứng nhận kiểm dịch động vật, sản phẩm động vật vận chuyển ra khỏi địa bàn cấp tỉnh"),
        ("H", "Cấp Giấy chứng nhận kiểm dịch động vật, sản phẩm động vật thủy sản vận chuyển ra khỏi địa bàn cấp tỉnh"),
        ("M", "Cấp Giấy chứng nhận điều kiện vệ sinh thú y"),
        ("L", "Cấp lại Giấy chứng nhận điều kiện vệ sinh thú y"),
        ("M", "Cấp Giấy chứng nhận cơ sở an toàn dịch bệnh động vật"),
        ("L", "Cấp lại Giấy chứng nhận cơ sở an toàn dịch bệnh động vật"),
        ("M", "Cấp, gia hạn Chứng chỉ hành nghề thú y thuộc thẩm quyền cơ quan quản lý chuyên ngành thú y cấp tỉnh"),
        ("L", "Cấp lại Chứng chỉ hành nghề thú y (trong trường hợp bị mất, sai sót, hư hỏng; có thay đổi thông tin liên quan đến cá nhân đã được cấp)"),
        ("L", "Cấp Giấy chứng nhận đủ điều kiện buôn bán thuốc thú y"),
        ("R", "Cấp lại Giấy chứng nhận đủ điều kiện buôn bán thuốc thú y"),
        ("R", "Cấp Giấy xác nhận nội dung quảng cáo thuốc thú y"),
        ("L", "Cấp Giấy chứng nhận vùng an toàn dịch bệnh động vật cấp tỉnh"),
    ]),
    ("CNTY", "Chăn nuôi", "animal", [
        ("M", "Cấp Giấy chứng nhận đủ điều kiện chăn nuôi đối với chăn nuôi trang trại quy mô lớn"),
        ("L", "Cấp lại Giấy chứng nhận đủ điều kiện chăn nuôi đối với chăn nuôi trang trại quy mô lớn"),
        ("L", "Cấp Giấy chứng nhận đủ điều kiện sản xuất thức ăn chăn nuôi thương mại, thức ăn chăn nuôi theo đặt hàng"),
        ("R", "Cấp lại Giấy chứng nhận đủ điều kiện sản xuất thức ăn chăn nuôi thương mại, thức ăn chăn nuôi theo đặt hàng"),
        ("R", "Cấp Giấy chứng nhận đủ điều kiện sản xuất thức ăn chăn nuôi bổ sung"),
        ("L", "Cấp Giấy chứng nhận đủ điều kiện sản xuất, mua bán con giống vật nuôi"),
        ("R", "Xác nhận nội dung quảng cáo thức ăn chăn nuôi"),
        ("M", "Kiểm tra nhà nước về chất lượng thức ăn chăn nuôi nhập khẩu"),
    ]),
    ("TTBVTV", "Trồng trọt", "plant", [
        ("L", "Cấp Quyết định công nhận cây đầu dòng, vườn cây đầu dòng đối với cây công nghiệp, cây ăn quả lâu năm nhân giống bằng phương pháp vô tính"),
        ("R", "Cấp lại Quyết định công nhận cây đầu dòng, vườn cây đầu dòng đối với cây công nghiệp, cây ăn quả lâu năm nhân giống bằng phương pháp vô tính"),
        ("L", "Cấp Giấy chứng nhận đủ điều kiện sản xuất phân bón"),
        ("R", "Cấp lại Giấy chứng nhận đủ điều kiện sản xuất phân bón"),
        ("M", "Cấp Giấy chứng nhận đủ điều kiện buôn bán phân bón"),
        ("L", "Cấp lại Giấy chứng nhận đủ điều kiện buôn bán phân bón"),
        ("R", "Xác nhận nội dung quảng cáo phân bón"),
        ("L", "Tiếp nhận bản công bố hợp quy giống cây trồng"),
        ("L", "Cấp Giấy chứng nhận đủ điều kiện sản xuất, buôn bán giống cây trồng"),
    ]),
    ("TTBVTV", "Bảo vệ thực vật", "plant", [
        ("M", "Cấp Giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật"),
        ("L", "Cấp lại Giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật"),
        ("R", "Cấp Giấy xác nhận nội dung quảng cáo thuốc bảo vệ thực vật"),
        ("H", "Cấp Giấy chứng nhận kiểm dịch thực vật đối với lô vật thể vận chuyển từ vùng nhiễm đối tượng kiểm dịch thực vật"),
        ("R", "Cấp Giấy chứng nhận đủ điều kiện sản xuất thuốc bảo vệ thực vật"),
        ("L", "Cấp Giấy phép vận chuyển thuốc bảo vệ thực vật"),
        ("M", "Cấp mã số cơ sở đóng gói phục vụ xuất khẩu"),
        ("L", "Cấp Giấy chứng nhận kiểm dịch thực vật nội địa đối với vật thể thuộc diện kiểm dịch"),
    ]),
    ("QLCL", "Quản lý chất lượng nông lâm sản và thủy sản", "flat", [
        ("H", "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, kinh doanh thực phẩm nông, lâm, thủy sản"),
        ("M", "Cấp lại Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, kinh doanh thực phẩm nông, lâm, thủy sản (trường hợp trước 06 tháng tính đến ngày Giấy chứng nhận hết hạn)"),
        ("L", "Cấp lại Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, kinh doanh thực phẩm nông, lâm, thủy sản (trường hợp bị mất, hỏng, thất lạc hoặc có sự thay đổi thông tin)"),
        ("M", "Xác nhận kiến thức về an toàn thực phẩm cho chủ cơ sở và người trực tiếp sản xuất, kinh doanh thực phẩm nông, lâm, thủy sản"),
        ("L", "Cấp Giấy chứng nhận xuất xứ cho lô nguyên liệu nhuyễn thể hai mảnh vỏ sống"),
        ("R", "Kiểm tra chất lượng muối nhập khẩu"),
        ("L", "Kiểm tra nhà nước về chất lượng sản phẩm, hàng hóa nông lâm thủy sản"),
        ("R", "Cấp Giấy chứng nhận an toàn thực phẩm cho lô hàng thực phẩm nông, lâm, thủy sản xuất khẩu"),
    ]),
    ("KL", "Lâm nghiệp", "forest", [
        ("L", "Phê duyệt phương án quản lý rừng bền vững của chủ rừng là tổ chức"),
        ("L", "Phê duyệt hồ sơ thiết kế, dự toán công trình lâm sinh (đối với công trình lâm sinh thuộc dự án do Chủ tịch Ủy ban nhân dân cấp tỉnh quyết định đầu tư)"),
        ("L", "Cấp mã số cơ sở nuôi, trồng các loài động vật, thực vật hoang dã nguy cấp, quý, hiếm thuộc Phụ lục II, III CITES"),
        ("M", "Đăng ký mã số cơ sở nuôi, trồng các loài động vật rừng, thực vật rừng nguy cấp, quý, hiếm Nhóm II và động vật, thực vật hoang dã nguy cấp thuộc Phụ lục II, III CITES"),
        ("M", "Xác nhận bảng kê lâm sản"),
        ("R", "Phê duyệt chuyển loại rừng đối với khu rừng do Ủy ban nhân dân cấp tỉnh xác lập"),
        ("L", "Thẩm định, phê duyệt phương án trồng rừng thay thế diện tích rừng chuyển sang sử dụng cho mục đích khác"),
        ("R", "Miễn, giảm tiền dịch vụ môi trường rừng (đối với bên sử dụng dịch vụ môi trường rừng trong phạm vi địa giới hành chính của một tỉnh)"),
        ("L", "Nộp tiền trồng rừng thay thế về Quỹ Bảo vệ và Phát triển rừng của tỉnh"),
        ("L", "Công nhận nguồn giống cây trồng lâm nghiệp"),
        ("R", "Phê duyệt đề án du lịch sinh thái, nghỉ dưỡng, giải trí trong rừng đặc dụng, rừng phòng hộ đối với khu rừng thuộc địa phương quản lý"),
        ("R", "Quyết định chủ trương chuyển mục đích sử dụng rừng sang mục đích khác"),
        ("M", "Xác nhận nguồn gốc gỗ trước khi xuất khẩu"),
    ]),
    ("PTNT", "Phát triển nông thôn", "flat", [
        ("L", "Công nhận nghề truyền thống"),
        ("L", "Công nhận làng nghề"),
        ("R", "Công nhận làng nghề truyền thống"),
        ("M", "Hỗ trợ dự án liên kết (cấp tỉnh)"),
        ("L", "Thẩm định, phê duyệt kế hoạch liên kết trong sản xuất và tiêu thụ sản phẩm nông nghiệp"),
        ("M", "Đánh giá, phân hạng và công nhận sản phẩm OCOP cấp tỉnh"),
        ("R", "Bố trí ổn định dân cư ngoài huyện, trong tỉnh"),
    ]),
    ("TL", "Thủy lợi", "flat", [
        ("M", "Cấp giấy phép cho các hoạt động trong phạm vi bảo vệ công trình thủy lợi: xây dựng công trình mới; lập bến, bãi tập kết nguyên liệu, nhiên liệu, vật tư, phương tiện"),
        ("L", "Cấp gia hạn thời gian, điều chỉnh nội dung giấy phép cho các hoạt động trong phạm vi bảo vệ công trình thủy lợi"),
        ("L", "Cấp giấy phép xả nước thải vào công trình thủy lợi, trừ xả nước thải với quy mô nhỏ và không chứa chất độc hại, chất phóng xạ"),
        ("R", "Cấp gia hạn, điều chỉnh nội dung giấy phép xả nước thải vào công trình thủy lợi"),
        ("R", "Cấp giấy phép nổ mìn và các hoạt động gây nổ khác trong phạm vi bảo vệ công trình thủy lợi"),
        ("L", "Phê duyệt phương án cắm mốc chỉ giới phạm vi bảo vệ công trình thủy lợi"),
        ("R", "Phê duyệt, điều chỉnh quy trình vận hành đối với công trình thủy lợi lớn và công trình thủy lợi vừa do Ủy ban nhân dân tỉnh phân cấp quản lý"),
        ("L", "Phê duyệt phương án bảo vệ đập, hồ chứa nước thuộc thẩm quyền của Ủy ban nhân dân tỉnh"),
        ("L", "Cấp giấy phép cho các hoạt động trồng cây lâu năm trong phạm vi bảo vệ công trình thủy lợi"),
    ]),
    ("TL", "Phòng, chống thiên tai", "flat", [
        ("L", "Thẩm định, phê duyệt phương án ứng phó thiên tai cho công trình, vùng hạ du đập trong quá trình thi công thuộc thẩm quyền của Ủy ban nhân dân tỉnh"),
        ("R", "Cấp phép cho các hoạt động liên quan đến đê điều thuộc thẩm quyền của Ủy ban nhân dân tỉnh"),
        ("L", "Hỗ trợ khôi phục sản xuất nông nghiệp bị thiệt hại do thiên tai, dịch bệnh"),
    ]),
    ("TS", "Thủy sản", "fish", [
        ("M", "Cấp, cấp lại giấy phép khai thác thủy sản"),
        ("L", "Cấp văn bản chấp thuận đóng mới, cải hoán, thuê, mua tàu cá trên biển"),
        ("M", "Cấp Giấy chứng nhận đăng ký tàu cá"),
        ("L", "Xóa đăng ký tàu cá"),
        ("L", "Cấp Giấy chứng nhận đăng ký tạm thời tàu cá"),
        ("M", "Cấp Giấy chứng nhận an toàn kỹ thuật tàu cá"),
        ("L", "Cấp, cấp lại Giấy chứng nhận cơ sở đủ điều kiện nuôi trồng thủy sản"),
        ("L", "Cấp, cấp lại Giấy chứng nhận cơ sở đủ điều kiện sản xuất, ương dưỡng giống thủy sản"),
        ("M", "Cấp Giấy xác nhận đăng ký nuôi trồng thủy sản lồng bè, đối tượng thủy sản nuôi chủ lực"),
        ("R", "Công bố mở cảng cá loại 3"),
        ("R", "Cấp phép nhập khẩu tàu cá"),
        ("R", "Cấp giấy phép khai thác loài thủy sản nguy cấp, quý, hiếm"),
        ("R", "Xác nhận nguồn gốc loài thủy sản thuộc Phụ lục Công ước CITES và loài thủy sản nguy cấp, quý, hiếm có nguồn gốc từ nuôi trồng"),
    ]),
    ("CANGCA", "Thủy sản", "fish", [
        ("H", "Cấp giấy xác nhận nguyên liệu thủy sản khai thác"),
        ("M", "Cấp giấy chứng nhận thủy sản khai thác"),
        ("L", "Xác nhận cam kết sản phẩm thủy sản xuất khẩu có nguồn gốc từ thủy sản nhập khẩu"),
        ("L", "Cấp sổ danh bạ thuyền viên tàu cá"),
    ]),
    ("KN", "Khuyến nông", "flat", [
        ("R", "Phê duyệt dự án khuyến nông địa phương"),
        ("R", "Công nhận tiến bộ kỹ thuật và công nghệ mới trong nông nghiệp"),
    ]),
    ("QLCN", "Nông nghiệp", "flat", [
        ("R", "Công nhận doanh nghiệp nông nghiệp ứng dụng công nghệ cao"),
        ("R", "Công nhận vùng nông nghiệp ứng dụng công nghệ cao"),
        ("L", "Hỗ trợ doanh nghiệp đầu tư vào nông nghiệp, nông thôn theo chính sách khuyến khích của tỉnh"),
    ]),
    ("KHTC", "Quản lý xây dựng công trình", "flat", [
        ("R", "Thẩm định Báo cáo nghiên cứu khả thi đầu tư xây dựng/điều chỉnh Báo cáo nghiên cứu khả thi đầu tư xây dựng"),
        ("R", "Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở/điều chỉnh thiết kế xây dựng triển khai sau thiết kế cơ sở"),
        ("L", "Thẩm định Báo cáo kinh tế - kỹ thuật đầu tư xây dựng"),
    ]),
    ("TCHC", "Chứng thực", "flat", [
        ("R", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận"),
    ]),
]  # fmt: skip

COMMUNE: list[Block] = [
    ("CNTY", "Chăn nuôi", "animal", [("M", "Kê khai hoạt động chăn nuôi")]),
    ("CNTY", "Thú y", "animal", [
        ("R", "Hỗ trợ kinh phí tiêm phòng vắc xin cho gia súc, gia cầm của hộ chăn nuôi (cấp xã)"),
    ]),
    ("TTBVTV", "Trồng trọt", "plant", [
        ("L", "Đăng ký chuyển đổi cơ cấu cây trồng trên đất trồng lúa"),
    ]),
    ("KL", "Lâm nghiệp", "forest", [
        ("L", "Phê duyệt phương án khai thác thực vật rừng thông thường của hộ gia đình, cá nhân (cấp xã)"),
    ]),
    ("TL", "Thủy lợi", "flat", [
        ("R", "Hỗ trợ đầu tư xây dựng phát triển thủy lợi nhỏ, thủy lợi nội đồng và tưới tiên tiến, tiết kiệm nước (cấp xã)"),
    ]),
    ("PTNT", "Phát triển nông thôn", "flat", [("R", "Hỗ trợ dự án liên kết (cấp xã)")]),
    ("TS", "Thủy sản", "fish", [
        ("R", "Xác nhận báo cáo khai thác thủy sản đối với tàu cá có chiều dài dưới 12 mét (cấp xã)"),
    ]),
]  # fmt: skip

# New procedures announced during the sample year: (unit, field, season, tier, name).
NEW: list[tuple[str, str, str, str, str]] = [
    ("TTBVTV", "Bảo vệ thực vật", "plant", "M", "Cấp mã số vùng trồng phục vụ xuất khẩu"),
    ("QLCL", "Quản lý chất lượng nông lâm sản và thủy sản", "flat", "L",
     "Cấp Giấy chứng nhận cơ sở sơ chế, chế biến sản phẩm nông nghiệp đạt chuẩn an toàn thực phẩm phục vụ xuất khẩu"),
    ("KL", "Lâm nghiệp", "forest", "L", "Phê duyệt phương án khai thác tận dụng gỗ rừng trồng"),
    ("TS", "Thủy sản", "fish", "L", "Cấp giấy phép khai thác thủy sản trong vùng biển ven bờ"),
    ("CNTY", "Chăn nuôi", "animal", "R", "Cấp Giấy chứng nhận cơ sở chăn nuôi an toàn sinh học"),
]  # fmt: skip

# Extra certification procedure (kept small): is_certification and few dossiers.
CERTIFICATION_NAMES = (
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của "
    "Việt Nam cấp hoặc chứng nhận",
)
