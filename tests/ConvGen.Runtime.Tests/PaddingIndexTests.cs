using Xunit;

namespace ConvGen.Runtime.Tests
{
    public sealed class PaddingIndexTests
    {
        // Indices -2..5 of a length-4 axis "a b c d", as the README draws them: padded by 2 on each side.
        private static int[] Map(System.Func<int, int, int> f, int from, int to, int n)
        {
            var r = new int[to - from + 1];
            for (int i = from; i <= to; i++)
            {
                r[i - from] = f(i, n);
            }

            return r;
        }

        [Fact]
        public void ZerosMarksPaddingWithMinusOne()
            => Assert.Equal(new[] { -1, -1, 0, 1, 2, 3, -1, -1 }, Map(PaddingIndex.Zeros, -2, 5, 4));

        [Fact]
        public void ReflectDoesNotRepeatTheEdge()
            // a b c d padded by 2 becomes c b | a b c d | c b.
            => Assert.Equal(new[] { 2, 1, 0, 1, 2, 3, 2, 1 }, Map(PaddingIndex.Reflect, -2, 5, 4));

        [Fact]
        public void ReflectFoldsFarIndicesWithPeriodTwoNMinusTwo()
        {
            // The mirror of a length-4 axis has period 6: ... 1 2 3 2 1 | 0 1 2 3 | 2 1 0 1 2 3 ...
            Assert.Equal(new[] { 1, 2, 3, 2, 1 }, Map(PaddingIndex.Reflect, -5, -1, 4));
            Assert.Equal(new[] { 1, 0, 1, 2, 3 }, Map(PaddingIndex.Reflect, 5, 9, 4));
        }

        [Fact]
        public void ReflectOnLengthOneReadsZero()
        {
            Assert.Equal(0, PaddingIndex.Reflect(-1, 1));
            Assert.Equal(0, PaddingIndex.Reflect(3, 1));
        }

        [Fact]
        public void ReplicateClamps()
            => Assert.Equal(new[] { 0, 0, 0, 1, 2, 3, 3, 3 }, Map(PaddingIndex.Replicate, -2, 5, 4));

        [Fact]
        public void CircularWraps()
        {
            Assert.Equal(new[] { 2, 3, 0, 1, 2, 3, 0, 1 }, Map(PaddingIndex.Circular, -2, 5, 4));
            Assert.Equal(1, PaddingIndex.Circular(-7, 4));
            Assert.Equal(1, PaddingIndex.Circular(9, 4));
        }

        [Theory]
        [InlineData(PaddingMode.Zeros, -1, -1)]
        [InlineData(PaddingMode.Reflect, -1, 1)]
        [InlineData(PaddingMode.Replicate, -1, 0)]
        [InlineData(PaddingMode.Circular, -1, 4)]
        [InlineData(PaddingMode.Zeros, 5, -1)]
        [InlineData(PaddingMode.Reflect, 5, 3)]
        [InlineData(PaddingMode.Replicate, 5, 4)]
        [InlineData(PaddingMode.Circular, 5, 0)]
        [InlineData(PaddingMode.Reflect, 2, 2)]
        public void ResolveDispatchesOnMode(PaddingMode mode, int index, int expected)
            => Assert.Equal(expected, PaddingIndex.Resolve(mode, index, 5));
    }
}
