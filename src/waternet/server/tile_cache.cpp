#include "waternet/server/tile_cache.hpp"

#include <functional>
#include <stdexcept>

namespace wn::server {

TileCache::TileCache(std::size_t capacity_bytes, std::size_t shards) {
    if (shards == 0) throw std::invalid_argument("TileCache needs at least one shard");
    shard_capacity_ = capacity_bytes / shards;
    for (std::size_t i = 0; i < shards; ++i) shards_.push_back(std::make_unique<Shard>());
}

TileCache::Shard& TileCache::shard_of(const std::string& key) {
    return *shards_[std::hash<std::string>{}(key) % shards_.size()];
}

TileBytes TileCache::get(const std::string& key) {
    Shard& s = shard_of(key);
    std::lock_guard lock(s.mutex);
    const auto it = s.index.find(key);
    if (it == s.index.end()) {
        ++s.misses;
        return nullptr;
    }
    ++s.hits;
    s.lru.splice(s.lru.begin(), s.lru, it->second);
    return it->second->second;
}

void TileCache::put(const std::string& key, TileBytes bytes) {
    if (!bytes || bytes->size() > shard_capacity_) return;
    Shard& s = shard_of(key);
    std::lock_guard lock(s.mutex);
    if (const auto it = s.index.find(key); it != s.index.end()) {
        s.bytes -= it->second->second->size();
        s.lru.erase(it->second);
        s.index.erase(it);
    }
    s.lru.emplace_front(key, std::move(bytes));
    s.index.emplace(std::string_view(s.lru.front().first), s.lru.begin());
    s.bytes += s.lru.front().second->size();
    while (s.bytes > shard_capacity_) {
        auto& last = s.lru.back();
        s.bytes -= last.second->size();
        s.index.erase(std::string_view(last.first));
        s.lru.pop_back();
    }
}

std::size_t TileCache::size_bytes() const {
    std::size_t n = 0;
    for (const auto& s : shards_) {
        std::lock_guard lock(s->mutex);
        n += s->bytes;
    }
    return n;
}

std::size_t TileCache::count() const {
    std::size_t n = 0;
    for (const auto& s : shards_) {
        std::lock_guard lock(s->mutex);
        n += s->lru.size();
    }
    return n;
}

std::size_t TileCache::hits() const {
    std::size_t n = 0;
    for (const auto& s : shards_) {
        std::lock_guard lock(s->mutex);
        n += s->hits;
    }
    return n;
}

std::size_t TileCache::misses() const {
    std::size_t n = 0;
    for (const auto& s : shards_) {
        std::lock_guard lock(s->mutex);
        n += s->misses;
    }
    return n;
}

}  // namespace wn::server
