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
}
