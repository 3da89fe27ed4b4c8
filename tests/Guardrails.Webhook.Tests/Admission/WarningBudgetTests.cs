using Guardrails.Webhook.Admission;

namespace Guardrails.Webhook.Tests.Admission;

/// <summary>Warnings within what the API server accepts and kubectl shows: short lines, a total under 4 KiB, the rest counted.</summary>
public sealed class WarningBudgetTests
{
    [Fact]
    public void A_short_warning_is_kept_whole_with_its_tag()
    {
        var budget = new WarningBudget();

        budget.Add("probes/readiness", "no readiness probe");

        budget.Result().Should().Equal("[probes/readiness] no readiness probe");
    }

    [Fact]
    public void A_long_warning_is_cut_at_a_word_within_the_preferred_length()
    {
        var budget = new WarningBudget();

        budget.Add("tag", string.Join(' ', Enumerable.Repeat("word", 60)));

        var warning = budget.Result().Single();
        warning.Length.Should().BeLessThanOrEqualTo(WarningBudget.Preferred);
        warning.Should().EndWith("word…");
    }

    [Fact]
    public void A_whole_warning_is_cut_only_beyond_the_api_server_s_limit()
    {
        var budget = new WarningBudget();
        var announcement = "set " + new string('x', 200);

        budget.AddWhole("tag", announcement);
        budget.AddWhole("tag", new string('y', 400));

        var warnings = budget.Result();
        warnings[0].Should().Be("[tag] " + announcement);
        warnings[1].Length.Should().Be(WarningBudget.Maximum);
    }

    [Fact]
    public void Past_the_total_the_rest_are_counted_in_one_last_warning()
    {
        var budget = new WarningBudget();
        for (var i = 0; i < 100; i++)
        {
            budget.Add("tag", new string('w', 100));
        }

        var warnings = budget.Result();
        warnings.Sum(w => w.Length).Should().BeLessThanOrEqualTo(WarningBudget.Total);
        warnings[^1].Should().MatchRegex(@"^guardrails: \d+ more warnings not shown; run guardrails check for all$");
        (warnings.Count - 1 + int.Parse(warnings[^1].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).Should().Be(100);
    }
}
