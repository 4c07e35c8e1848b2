#include "geo/countries.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"

namespace innocluster::geo {
namespace {

constexpr const char* kDefaultPath = "/usr/share/iso-codes/json/iso_3166-1.json";

std::string upper(std::string_view code) {
  std::string out(code);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool is_code(std::string_view code, std::size_t length) {
  return code.size() == length &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

[[noreturn]] void bad_file(const std::string& path, const std::string& what) {
  throw Error(ExitCode::kDataError,
              located(path, 0,
                      fmt::format("not an iso-codes ISO 3166-1 table: {} (reinstall the iso-codes package with "
                                  "scripts/setup.sh, or set INNOCLUSTER_ISO_3166 to its iso_3166-1.json)",
                                  what)));
}

}  // namespace

Countries Countries::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error(ExitCode::kNoInput,
                located(path, 0,
                        fmt::format("cannot open the ISO 3166-1 country table: {}; run scripts/setup.sh (it "
                                    "installs Debian's iso-codes package), or set INNOCLUSTER_ISO_3166 to an "
                                    "iso_3166-1.json",
                                    std::strerror(errno))));
  std::ostringstream bytes;
  bytes << in.rdbuf();

  const nlohmann::json root = nlohmann::json::parse(bytes.str(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) bad_file(path, "invalid JSON");
  const auto list = root.find("3166-1");
  if (list == root.end() || !list->is_array()) bad_file(path, "no \"3166-1\" array");

  Countries out;
  for (const nlohmann::json& entry : *list) {
    const auto text = [&](const char* key) -> std::string {
      const auto it = entry.find(key);
      return it != entry.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    Country c{text("alpha_2"), text("alpha_3"), text("common_name")};
    if (c.name.empty()) c.name = text("name");
    if (!is_code(c.alpha2, 2) || !is_code(c.alpha3, 3) || c.name.empty())
      bad_file(path, fmt::format("entry {} lacks a valid alpha_2, alpha_3 or name", entry.dump()));
    out.countries_.push_back(std::move(c));
  }
  if (out.countries_.empty()) bad_file(path, "no entries");
  const auto has = [&out](std::string_view a2) {
    return std::any_of(out.countries_.begin(), out.countries_.end(),
                       [a2](const Country& c) { return c.alpha2 == a2; });
  };
  if (!has("XK")) out.countries_.push_back({"XK", "XKX", "Kosovo"});

  std::sort(out.countries_.begin(), out.countries_.end(),
            [](const Country& a, const Country& b) { return a.alpha2 < b.alpha2; });
  for (std::size_t i = 1; i < out.countries_.size(); ++i)
    if (out.countries_[i].alpha2 == out.countries_[i - 1].alpha2)
      bad_file(path, fmt::format("alpha_2 {} appears twice", out.countries_[i].alpha2));
  out.by_alpha3_.resize(out.countries_.size());
  for (std::size_t i = 0; i < out.by_alpha3_.size(); ++i) out.by_alpha3_[i] = i;
  std::sort(out.by_alpha3_.begin(), out.by_alpha3_.end(), [&out](std::size_t a, std::size_t b) {
    return out.countries_[a].alpha3 < out.countries_[b].alpha3;
  });
  return out;
}

const Country* Countries::find(std::string_view code) const {
  const std::string key = upper(code);
  if (key.size() == 2) {
    const auto it = std::lower_bound(countries_.begin(), countries_.end(), key,
                                     [](const Country& c, const std::string& k) { return c.alpha2 < k; });
    if (it != countries_.end() && it->alpha2 == key) return &*it;
  } else if (key.size() == 3) {
    const auto it = std::lower_bound(by_alpha3_.begin(), by_alpha3_.end(), key,
                                     [this](std::size_t i, const std::string& k) { return countries_[i].alpha3 < k; });
    if (it != by_alpha3_.end() && countries_[*it].alpha3 == key) return &countries_[*it];
  }
  return nullptr;
}

std::optional<std::string_view> Countries::name(std::string_view code) const {
  if (const Country* c = find(code)) return c->name;
  return std::nullopt;
}

std::optional<std::string_view> Countries::alpha2(std::string_view code) const {
  if (const Country* c = find(code)) return c->alpha2;
  return std::nullopt;
}

std::optional<std::string_view> Countries::alpha3(std::string_view code) const {
  if (const Country* c = find(code)) return c->alpha3;
  return std::nullopt;
}

std::string countries_path() {
  if (const char* env = std::getenv("INNOCLUSTER_ISO_3166"); env && *env) return env;
  return kDefaultPath;
}

Countries load_countries() { return Countries::load(countries_path()); }

}  // namespace innocluster::geo
