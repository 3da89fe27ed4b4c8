using System.Text;
using Guardrails.Engine.Loading;

namespace Guardrails.Engine.Tests.Loading;

public sealed class LiteralsTests
{
    [Theory]
    [InlineData("DB_PASSWORD", true, true)]
    [InlineData("db_password", true, true)]
    [InlineData("db_password", false, false)]
    [InlineData("PAS_S", true, false)]
    [InlineData("xPASSx", false, true)]
    [InlineData("PAS", false, false)]
    [InlineData("", true, false)]
    [InlineData("tokentoken", true, true)]
    [InlineData("TOKE", true, false)]
    [InlineData("p[ss", true, false)]
    public void A_literal_is_found_anywhere_in_the_text_in_its_case_or_in_any_ASCII_case(string text, bool ignoreCase, bool found)
    {
        var literals = new Literals(["PASS", "TOKEN"], ignoreCase);

        literals.FoundIn(Encoding.UTF8.GetBytes(text)).Should().Be(found);
    }

    [Fact]
    public void Only_ASCII_letters_fold()
    {
        // '{' is '[' | 0x20: folding anything but A to Z would let "p[ss" read as "p{ss".
        new Literals(["P{SS"], ignoreCase: true).FoundIn("P[SS"u8).Should().BeFalse();
        new Literals(["PASS"], ignoreCase: true).FoundIn("pAsS"u8).Should().BeTrue();
    }

    [Fact]
    public void Short_texts_scanned_a_byte_at_a_time_and_long_ones_searched_vectorised_find_what_a_plain_search_finds()
    {
        string[] words = ["PASSWORD", "pass", "TOKEN", "tok", "Secret", "SECRE", "x", "_", "API", "p", "T", "é", "\u0000", "ASIA", "-----BEGIN "];
        var literals = new[] { new Literals(["PASSW", "SECRET", "API", "TOKEN"], ignoreCase: true), new Literals(["-----BEGIN ", "ASIA", "gh"], ignoreCase: false) };
        var random = new Random(20261203);
        for (var i = 0; i < 20_000; i++)
        {
            var text = new StringBuilder();
            while (text.Length < random.Next(0, 2 * Literals.ShortText + 8))
            {
                text.Append(words[random.Next(words.Length)]);
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            literals[0].FoundIn(bytes).Should().Be(Contains(bytes, ["PASSW", "SECRET", "API", "TOKEN"], ignoreCase: true), text.ToString());
            literals[1].FoundIn(bytes).Should().Be(Contains(bytes, ["-----BEGIN ", "ASIA", "gh"], ignoreCase: false), text.ToString());
        }
    }

    private static bool Contains(byte[] text, string[] literals, bool ignoreCase)
    {
        var folded = ignoreCase ? text.Select(b => b is >= (byte)'a' and <= (byte)'z' ? (byte)(b & ~0x20) : b).ToArray() : text;
        return literals.Any(literal => folded.AsSpan().IndexOf(Encoding.ASCII.GetBytes(ignoreCase ? literal.ToUpperInvariant() : literal)) >= 0);
    }
}
