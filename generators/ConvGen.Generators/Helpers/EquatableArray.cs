using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace ConvGen.Generators.Helpers
{
    /// <summary>
    /// An immutable array with value equality, so pipeline models that hold collections still compare by value
    /// and incremental caching works (an <see cref="ImmutableArray{T}"/> compares by reference).
    /// </summary>
    internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IEnumerable<T>
    {
        private readonly T[]? _items;

        public EquatableArray(T[] items) => _items = items;

        public static EquatableArray<T> Empty => new EquatableArray<T>(Array.Empty<T>());

        public int Length => _items?.Length ?? 0;

        public T this[int index] => _items![index];

        public T[] ToArray() => _items is null ? Array.Empty<T>() : (T[])_items.Clone();

        public bool Equals(EquatableArray<T> other)
        {
            T[] a = _items ?? Array.Empty<T>();
            T[] b = other._items ?? Array.Empty<T>();
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (!EqualityComparer<T>.Default.Equals(a[i], b[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            unchecked
            {
                int h = 17;
                if (_items is not null)
                {
                    foreach (T item in _items)
                    {
                        h = h * 31 + EqualityComparer<T>.Default.GetHashCode(item!);
                    }
                }

                return h;
            }
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

        public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
    }
}
