// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Just enough XML for OSS's answers (errors, ListObjectsV2): elements found
// by name, text unescaped. OSS's bodies are flat and machine-written, so no
// general parser (and no libxml2 to load) is needed; namespaces on the root
// (<Error xmlns=...>) do not matter because only inner elements are read.

#ifndef OSSIMG_SRC_TRANSPORT_XML_H_
#define OSSIMG_SRC_TRANSPORT_XML_H_

#include <string>
#include <string_view>
#include <vector>

namespace ossimg::oss {

// The unescaped text of the first <name>...</name> in `xml`; "" when absent.
std::string XmlText(std::string_view xml, std::string_view name);
// The raw inner XML of every <name>...</name>, in order.
std::vector<std::string> XmlElements(std::string_view xml,
                                     std::string_view name);
// &amp; &lt; &gt; &quot; &apos; and numeric references.
std::string XmlUnescape(std::string_view s);

}  // namespace ossimg::oss

#endif  // OSSIMG_SRC_TRANSPORT_XML_H_
