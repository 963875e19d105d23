// A bounded in-memory cache of encoded tiles (PNG bytes), least recently used out first.
//
// Sharded: the key's hash picks one of N shards, each with its own mutex, list and map, so threads serving
// different tiles rarely wait on each other. Each shard holds at most capacity_bytes / N bytes of tiles; a hit
// moves the tile to the front of its shard's list, an insert that overflows drops tiles from the back.
// Values are shared, immutable strings: a hit costs one lock and a reference count, never a copy under the lock.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace wn::server {

using TileBytes = std::shared_ptr<const std::string>;

class TileCache {
public:
    // capacity_bytes: total budget for the tiles' bytes (keys and bookkeeping not counted); shards ≥ 1.
    explicit TileCache(std::size_t capacity_bytes, std::size_t shards = 16);

    TileBytes get(const std::string& key);
    // Stores (or replaces) the tile; a tile larger than one shard's budget is not cached.
    void put(const std::string& key, TileBytes bytes);

    std::size_t size_bytes() const;  // tiles' bytes held now
    std::size_t count() const;
    std::size_t hits() const;
    std::size_t misses() const;

private:
    struct Shard {
        mutable std::mutex mutex;
        std::list<std::pair<std::string, TileBytes>> lru;  // front = most recently used
        std::unordered_map<std::string_view, std::list<std::pair<std::string, TileBytes>>::iterator> index;
        std::size_t bytes = 0;
        std::size_t hits = 0, misses = 0;
    };
    Shard& shard_of(const std::string& key);
    std::size_t shard_capacity_;
    std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace wn::server
